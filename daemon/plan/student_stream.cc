// Implementation details: both sides are COPY (query) TO STDOUT streams (libpqxx 6.4's
// stream_from with a parenthesized query), split with sis/copy_text.h. COPY cannot take bind
// parameters, so the request is bound with set_config(..., true) into transaction-local
// settings, as the sync does. Both queries order by student_id COLLATE "C", the byte order
// std::string compares in, so the merge is right whatever the databases' collations.
//
// The mirror side is one flat row stream, a UNION of four row shapes told apart by `part`:
// 'a' the student's name (contact_id ''), then per contact 'c' the link and the contact, 'e'
// its email addresses, 'p' its phones. Ordering by (student_id, contact_id, part) puts the
// name first and each contact's link before its addresses, so a caregiver is complete when
// the next contact or student starts. No arrays or JSON need parsing.

#include "plan/student_stream.h"

#include <fmt/format.h>

#include <optional>
#include <pqxx/pqxx>
#include <stdexcept>
#include <vector>

#include "sis/copy_text.h"

namespace nudged {
namespace {

using Fields = std::vector<std::optional<std::string>>;

constexpr const char* kBindRequest = R"sql(
SELECT set_config('nudged.plan_sync_id', $1, true), set_config('nudged.plan_year', $2, true),
       set_config('nudged.plan_wave', $3, true)
)sql";

// messages_before: a wave that already messaged about the student (planning it again, e.g. a
// dry run after enqueueing) does not count for its own kind.
constexpr const char* kSnapshotQuery = R"sql((
SELECT s.student_id, s.school_id, s.grade_level, s.entry_date, s.exit_date,
       coalesce(s.days_enrolled_through_next, 0), coalesce(s.absences_through_next, 0),
       coalesce(s.absences_through_previous, 0),
       coalesce(c.messages_received, 0)
         - CASE WHEN c.last_wave >= current_setting('nudged.plan_wave')::int THEN 1 ELSE 0 END,
       a.arm
FROM nudged.sync_snapshots s
LEFT JOIN nudged.student_cadence c
  ON c.school_year = current_setting('nudged.plan_year') AND c.student_id = s.student_id
LEFT JOIN nudged.experiment_assignments a
  ON a.school_year = current_setting('nudged.plan_year') AND a.student_id = s.student_id
WHERE s.sync_id = current_setting('nudged.plan_sync_id')::bigint
ORDER BY s.student_id COLLATE "C"
))sql";

constexpr const char* kMirrorQuery = R"sql((
SELECT * FROM (
SELECT student_id, ''::text AS contact_id, 'a' AS part, coalesce(preferred_first_name, first_name),
       NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text, NULL::text
FROM student
UNION ALL
SELECT sc.student_id, sc.contact_id, 'c', coalesce(c.preferred_first_name, c.first_name),
       c.last_surname, c.preferred_language, sc.contact_priority::text,
       sc.primary_contact_status::text, sc.lives_with::text, sc.legal_guardian::text,
       sc.contact_restrictions, (mailing.contact_id IS NOT NULL)::text
FROM student_contact sc JOIN contact c ON c.contact_id = sc.contact_id
LEFT JOIN (SELECT DISTINCT contact_id FROM contact_address
           WHERE address_type IN ('Mailing', 'Home', 'Physical')) mailing
  ON mailing.contact_id = sc.contact_id
UNION ALL
SELECT sc.student_id, sc.contact_id, 'e', e.electronic_mail_address, e.electronic_mail_type,
       e.primary_email_address::text, e.do_not_contact::text, NULL, NULL, NULL, NULL, NULL
FROM student_contact sc JOIN contact_email e ON e.contact_id = sc.contact_id
UNION ALL
SELECT sc.student_id, sc.contact_id, 'p', p.telephone_number, p.telephone_number_type,
       p.order_of_priority::text, p.sms_capable::text, p.do_not_contact::text, NULL, NULL, NULL,
       NULL
FROM student_contact sc JOIN contact_phone p ON p.contact_id = sc.contact_id
) rows
ORDER BY student_id COLLATE "C", contact_id COLLATE "C", part
))sql";

constexpr size_t kSnapshotFields = 10;
constexpr size_t kMirrorFields = 12;

const std::string& Text(const Fields& fields, size_t i) {
  static const std::string kEmpty;
  return fields[i] ? *fields[i] : kEmpty;
}

std::optional<int> OptionalInt(const Fields& fields, size_t i) {
  if (!fields[i]) return std::nullopt;
  return std::stoi(*fields[i]);
}

std::optional<bool> OptionalBool(const Fields& fields, size_t i) {
  if (!fields[i]) return std::nullopt;
  return *fields[i] == "t" || *fields[i] == "true";
}

Date ParseDate(const std::string& text) {
  std::optional<Date> date = ParseIsoDate(text);
  if (!date) throw std::runtime_error("plan: unexpected date " + text);
  return *date;
}

void ReadSnapshot(const Fields& f, StudentSnapshot* s) {
  s->student_id = Text(f, 0);
  s->school_id = Text(f, 1);
  s->grade = Text(f, 2);
  s->entry_date = ParseDate(Text(f, 3));
  s->exit_date = f[4] ? std::optional<Date>(ParseDate(*f[4])) : std::nullopt;
  s->days_enrolled = std::stoi(Text(f, 5));
  s->absences_through = std::stod(Text(f, 6));
  s->absences_previous = std::stod(Text(f, 7));
  s->messages_received = std::max(0, std::stoi(Text(f, 8)));
  s->arm.reset();
  if (f[9]) s->arm = *f[9] == "control" ? Arm::kControl : Arm::kTreatment;
}

// Adds one mirror row (not of part 'a') to the caregivers of `m`.
void ReadMirrorRow(const Fields& f, StudentMirror* m) {
  const std::string& part = Text(f, 2);
  if (part == "c") {
    Caregiver& c = m->caregivers.emplace_back();
    c.contact_id = Text(f, 1);
    c.first_name = Text(f, 3);
    c.last_surname = Text(f, 4);
    c.preferred_language = Text(f, 5);
    c.priority = OptionalInt(f, 6);
    c.primary_contact = OptionalBool(f, 7);
    c.lives_with = OptionalBool(f, 8);
    c.legal_guardian = OptionalBool(f, 9);
    c.contact_restrictions = Text(f, 10);
    c.has_mailing_address = OptionalBool(f, 11).value_or(false);
    return;
  }
  if (m->caregivers.empty() || m->caregivers.back().contact_id != Text(f, 1)) {
    throw std::logic_error("plan: mirror row before its contact");
  }
  Caregiver& c = m->caregivers.back();
  if (part == "e") {
    c.emails.push_back({Text(f, 3), Text(f, 4), OptionalBool(f, 5),
                        OptionalBool(f, 6).value_or(false)});
  } else {
    c.phones.push_back({Text(f, 3), Text(f, 4), OptionalInt(f, 5), OptionalBool(f, 6),
                        OptionalBool(f, 7).value_or(false)});
  }
}

// The mirror stream with one row of look-ahead.
class MirrorCursor {
 public:
  explicit MirrorCursor(pqxx::transaction_base& mirror) : source_(mirror, kMirrorQuery) {
    Advance();
  }

  // Drops the rows of students before `student_id`, then moves the rows of `student_id` into
  // *out (replacing its contents).
  void Collect(const std::string& student_id, StudentMirror* out) {
    out->first_name.clear();
    out->caregivers.clear();
    while (has_row_ && Text(row_, 0) < student_id) Advance();
    // Shape: consume every row of this student; the look-ahead row is the next student's.
    while (has_row_ && Text(row_, 0) == student_id) {
      if (Text(row_, 2) == "a") {
        out->first_name = Text(row_, 3);
      } else {
        ReadMirrorRow(row_, out);
      }
      Advance();
    }
  }

  // Reads the rest of the stream, as COPY requires before the connection is used again.
  void Finish() {
    while (has_row_) Advance();
    source_.complete();
  }

 private:
  void Advance() {
    has_row_ = source_.get_raw_line(line_);
    if (!has_row_) return;
    ParseCopyLine(line_, &row_);
    if (row_.size() != kMirrorFields) throw std::logic_error("plan: bad mirror row");
  }

  pqxx::stream_from source_;
  std::string line_;
  Fields row_;
  bool has_row_ = false;
};

}  // namespace

void StreamStudents(pqxx::transaction_base& state, pqxx::transaction_base& mirror,
                    const StreamRequest& request, const StudentVisitor& visit) {
  state.exec_params(kBindRequest, std::to_string(request.sync_id), request.school_year,
                    std::to_string(request.wave));
  pqxx::stream_from snapshots{state, kSnapshotQuery};
  MirrorCursor cursor{mirror};
  std::string line;
  Fields fields;
  StudentSnapshot student;
  StudentMirror found;
  // Shape: one snapshot row at a time, joined with the mirror rows of the same student.
  while (snapshots.get_raw_line(line)) {
    ParseCopyLine(line, &fields);
    if (fields.size() != kSnapshotFields) throw std::logic_error("plan: bad snapshot row");
    ReadSnapshot(fields, &student);
    cursor.Collect(student.student_id, &found);
    visit(student, found);
  }
  snapshots.complete();
  cursor.Finish();
}

}  // namespace nudged
