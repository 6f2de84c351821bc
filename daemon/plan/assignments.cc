// Implementation details: the newcomers are read from the state database, then the mirror's
// student_contact links are scanned once: links of newcomers give AssignArms its contact lists,
// links of other students to the same contacts are kept as candidate siblings, whose stored
// arms are then read in one query. The rows are written with COPY.

#include "plan/assignments.h"

#include <pqxx/pqxx>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "db/array_literal.h"
#include "planner/holdout.h"

namespace nudged {
namespace {

constexpr const char* kLock = "SELECT pg_advisory_xact_lock(hashtext('nudged.assign.' || $1))";

constexpr const char* kNewcomers = R"sql(
SELECT s.student_id, s.school_id::text, s.grade_level FROM nudged.sync_snapshots s
WHERE s.sync_id = $1 AND NOT EXISTS (
  SELECT 1 FROM nudged.experiment_assignments a
  WHERE a.school_year = $2 AND a.student_id = s.student_id)
ORDER BY s.student_id COLLATE "C"
)sql";

constexpr const char* kLinks = "SELECT student_id, contact_id FROM student_contact";

constexpr const char* kKnownArms = R"sql(
SELECT student_id, arm, household_key FROM nudged.experiment_assignments
WHERE school_year = $1 AND student_id = ANY ($2::text[])
)sql";

struct Known {
  std::string arm;
  std::string household_key;
};

// Returns contact_id -> an assigned student's arm, for the contacts of the newcomers.
std::unordered_map<std::string, Known> KnownByContact(
    pqxx::transaction_base& state, const std::string& school_year,
    const std::vector<std::pair<std::string, std::string>>& sibling_links) {
  std::set<std::string> ids;
  for (const auto& link : sibling_links) ids.insert(link.first);
  std::unordered_map<std::string, Known> by_student;
  for (const auto& row : state.exec_params(kKnownArms, school_year, TextArrayLiteral(ids))) {
    by_student[row[0].as<std::string>()] = {row[1].as<std::string>(), row[2].as<std::string>()};
  }
  std::unordered_map<std::string, Known> by_contact;
  for (const auto& [student, contact] : sibling_links) {
    auto it = by_student.find(student);
    if (it != by_student.end()) by_contact.emplace(contact, it->second);
  }
  return by_contact;
}

}  // namespace

std::int64_t AssignNewStudents(pqxx::transaction_base& state, pqxx::transaction_base& mirror,
                               const std::string& school_year, std::int64_t sync_id,
                               const ExperimentConfig& config) {
  state.exec_params(kLock, school_year);
  std::vector<ExperimentStudent> students;
  std::unordered_map<std::string, size_t> index;
  for (const auto& row : state.exec_params(kNewcomers, sync_id, school_year)) {
    index[row[0].as<std::string>()] = students.size();
    students.push_back({row[0].as<std::string>(), row[1].as<std::string>(),
                        row[2].as<std::string>(), {}});
  }
  if (students.empty()) return 0;
  std::vector<std::pair<std::string, std::string>> others;  // (student, contact)
  std::set<std::string> newcomer_contacts;
  const pqxx::result links = mirror.exec(kLinks);
  // Shape: two passes over the links, newcomers' contacts first, then their other students.
  for (const auto& row : links) {
    auto it = index.find(row[0].c_str());
    if (it == index.end()) continue;
    students[it->second].contact_ids.push_back(row[1].as<std::string>());
    newcomer_contacts.insert(row[1].as<std::string>());
  }
  for (const auto& row : links) {
    if (index.count(row[0].c_str()) == 0 && newcomer_contacts.count(row[1].c_str()) != 0) {
      others.emplace_back(row[0].as<std::string>(), row[1].as<std::string>());
    }
  }
  const auto known = KnownByContact(state, school_year, others);
  const Holdout holdout = AssignArms(students, config);
  // A new household that reaches an assigned student takes that student's arm and key.
  std::unordered_map<std::uint32_t, Known> inherited;
  for (size_t i = 0; i < students.size(); ++i) {
    for (const std::string& contact : students[i].contact_ids) {
      auto it = known.find(contact);
      if (it != known.end()) inherited.emplace(holdout.students[i].household_first, it->second);
    }
  }
  pqxx::stream_to sink{state, "nudged.experiment_assignments",
                       std::vector<std::string>{"school_year", "student_id", "household_key",
                                                "arm", "stratum", "seed"}};
  for (size_t i = 0; i < students.size(); ++i) {
    const ArmAssignment& drawn = holdout.students[i];
    auto it = inherited.find(drawn.household_first);
    Known own{std::string(ArmName(drawn.arm)), students[drawn.household_first].student_id};
    const Known& chosen = it == inherited.end() ? own : it->second;
    sink << std::make_tuple(school_year, students[i].student_id, chosen.household_key, chosen.arm,
                            holdout.strata[drawn.stratum], config.seed);
  }
  sink.complete();
  return static_cast<std::int64_t>(students.size());
}

}  // namespace nudged
