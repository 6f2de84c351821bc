// The form of nudged's log lines (issue 5, "Logs for people"): a short message, then stable
// key=value pairs, phone numbers masked, free text quoted so one event stays one line.
//   - Every spdlog call in daemon/ and tools/ is read from the source and its format string
//     checked against that form, so a new line written as "{} failed: {}" fails here.
//   - Lines are captured through a sink to check what they look like and their priority.

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "calendar/test_configs.h"
#include "common/log_value.h"
#include "dispatch/change_log.h"
#include "plan/plan_report.h"
#include "tests/support/files.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

namespace fs = std::filesystem;

struct LogCall {
  std::string where;   // file:line
  std::string format;  // the format string, adjacent literals joined; empty if not a literal
};

// Returns every spdlog::trace/debug/info/warn/error/critical/log call under `directory`.
std::vector<LogCall> LogCalls(const std::string& directory) {
  static const std::regex kCall(R"re(spdlog::(trace|debug|info|warn|error|critical|log)\()re");
  static const std::regex kLiterals(R"re(^\s*((?:"(?:[^"\\]|\\.)*"\s*)+)[,)])re");
  static const std::regex kLiteral(R"re("((?:[^"\\]|\\.)*)")re");
  std::vector<LogCall> calls;
  for (const auto& entry : fs::recursive_directory_iterator(testing::SourcePath(directory))) {
    const std::string path = entry.path().string();
    if (!entry.is_regular_file() || !path.ends_with(".cc") || path.ends_with("_test.cc")) {
      continue;
    }
    const std::string text = testing::ReadFile(path);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kCall);
         it != std::sregex_iterator(); ++it) {
      std::size_t start = it->position() + it->length();
      // spdlog::log(level, "format", ...): the format is the first literal after the level.
      if ((*it)[1] == "log") start = text.find('"', start);
      LogCall call;
      call.where =
          path.substr(path.rfind('/') + 1) + ":" +
          std::to_string(1 + std::count(text.begin(), text.begin() + it->position(), '\n'));
      std::smatch literals;
      const std::string rest = text.substr(start, 2000);
      if (std::regex_search(rest, literals, kLiterals)) {
        const std::string joined = literals[1];
        for (auto piece = std::sregex_iterator(joined.begin(), joined.end(), kLiteral);
             piece != std::sregex_iterator(); ++piece) {
          call.format += (*piece)[1];
        }
      }
      calls.push_back(call);
    }
  }
  return calls;
}

// A message of lowercase words (commas allowed), then " key=value" pairs whose value is a
// placeholder; a bare " {}" is a preformatted list of pairs (e.g. PlanSummaryFields). Free
// text goes through LogQuote, so the format never quotes a placeholder itself.
bool HasLogForm(const std::string& format) {
  static const std::regex kForm(
      R"re(^[a-z][a-z0-9 ,()'-]*[a-z)](?: (?:[a-z_][a-z0-9_]*=(?:\{\}|-)|\{\}))*$)re");
  return std::regex_match(format, kForm);
}

TEST_CASE("every log line in the source has the form: message, then key=value pairs") {
  std::vector<LogCall> calls = LogCalls("daemon");
  const std::vector<LogCall> tools = LogCalls("tools");
  calls.insert(calls.end(), tools.begin(), tools.end());
  REQUIRE(calls.size() >= 20);
  for (const LogCall& call : calls) {
    INFO(call.where << ": \"" << call.format << "\"");
    CHECK(!call.format.empty());
    CHECK(HasLogForm(call.format));
  }
}

TEST_CASE("the log form check rejects lines that break the form") {
  CHECK(HasLogForm("sync finished id={} students={} absences={}"));
  CHECK(HasLogForm("dispatcher idle, nothing left to send in this window instance={}"));
  CHECK(HasLogForm("wave planned {} sync={}"));
  CHECK_FALSE(HasLogForm("{} failed: {}"));
  CHECK_FALSE(HasLogForm("dispatcher stopping instance={}: {}"));
  CHECK_FALSE(HasLogForm("provider: {} to {}: {}"));
  CHECK_FALSE(HasLogForm("listing failed status=\"{}\""));
  CHECK_FALSE(HasLogForm("Sync finished id={}"));
  CHECK_FALSE(HasLogForm("wave held wave={} check={} {} reason"));
}

TEST_CASE("log values: free text quoted on one line, keys from names") {
  CHECK(LogQuote("plain") == "\"plain\"");
  CHECK(LogQuote("say \"hi\"\nthen\tgo \\ home") == R"("say \"hi\"\nthen\tgo \\ home")");
  CHECK(LogQuote("") == "\"\"");
  CHECK(LogKey("no usable channel") == "no_usable_channel");
  CHECK(LogKey("over max_per_student") == "over_max_per_student");
  CHECK(LogKey("Opted-Out") == "opted_out");
}

TEST_CASE("a wave's plan summary is written as pairs, one per skip reason") {
  WaveKey wave;
  wave.number = 3;
  wave.date = testing::D(2026, 11, 3);
  PlanSummary summary;
  summary.students = 1200;
  summary.planned = 2300;
  summary.skipped = 12;
  summary.skipped_by_reason = {{"no contact", 5}, {"opted out", 7}};
  CHECK(PlanSummaryFields(wave, summary) ==
        "wave=3 date=2026-11-03 students=1200 planned=2300 skipped=12 skipped_no_contact=5 "
        "skipped_opted_out=7");
}

// Replaces the default logger with one writing "LEVEL|message" lines into a string.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(stream_);
    sink->set_pattern("%l|%v");
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  std::string text() const { return stream_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream stream_;
};

TEST_CASE("an outbox change logs one masked line at the priority operators filter on") {
  struct Case {
    std::string from, to, code, sid, detail;
    std::string expected;
  };
  const Case cases[] = {
      {"sending", "sent", "", "SM0123", "accepted",
       "info|outbox state changed id=42 from=sending to=sent attempt=2 channel=sms "
       "to_number=+1508*****23 code=- sid=SM0123 detail=\"accepted\""},
      {"ready", "sending", "", "", "claimed by host:1",
       "debug|outbox state changed id=42 from=ready to=sending attempt=2 channel=sms "
       "to_number=+1508*****23 code=- sid=- detail=\"claimed by host:1\""},
      {"sending", "ready", "20429", "", "HTTP 429 \"Too Many Requests\"",
       "warning|outbox state changed id=42 from=sending to=ready attempt=2 channel=sms "
       "to_number=+1508*****23 code=20429 sid=- detail=\"HTTP 429 \\\"Too Many Requests\\\"\""},
      {"sending", "ready", "", "", "send window closed before the request",
       "info|outbox state changed id=42 from=sending to=ready attempt=2 channel=sms "
       "to_number=+1508*****23 code=- sid=- detail=\"send window closed before the request\""},
      {"sending", "failed", "21211", "", "invalid\nnumber",
       "warning|outbox state changed id=42 from=sending to=failed attempt=2 channel=sms "
       "to_number=+1508*****23 code=21211 sid=- detail=\"invalid\\nnumber\""},
      {"sending", "unknown", "20500", "", "HTTP 500",
       "error|outbox state changed id=42 from=sending to=unknown attempt=2 channel=sms "
       "to_number=+1508*****23 code=20500 sid=- detail=\"HTTP 500\""},
  };
  for (const Case& c : cases) {
    CapturedLog log;
    LogChange(42, c.from, c.to, 2, "+15085550123", "sms", c.code, c.sid, c.detail);
    CHECK(log.text() == c.expected + "\n");
    CHECK(log.text().find("5550123") == std::string::npos);
  }
}

}  // namespace
}  // namespace nudged
