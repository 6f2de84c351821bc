// Implementation details: journald understands a "<N>" priority prefix on each line written
// to a stream it reads (SyslogLevelPrefix= defaults to yes), so the journal sink is a plain
// stderr writer with that prefix and no timestamp (journald stamps lines itself). Using the
// stream rather than sd_journal_send keeps lines in order with anything else on stderr and
// loses nothing when the journal socket is absent.

#include "app/logging.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>

namespace nudged {
namespace {

// Writes "<priority>message\n" to stderr for journald.
class JournalStreamSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t formatted;
    formatter_->format(msg, formatted);
    const std::string prefix = "<" + std::to_string(SyslogPriority(msg.level)) + ">";
    std::fwrite(prefix.data(), 1, prefix.size(), stderr);
    std::fwrite(formatted.data(), 1, formatted.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

bool StderrIsJournal() {
  const char* journal_stream = std::getenv("JOURNAL_STREAM");
  if (journal_stream == nullptr) return false;
  struct stat st;
  if (fstat(STDERR_FILENO, &st) != 0) return false;
  return JournalStreamMatches(journal_stream, st.st_dev, st.st_ino);
}

template <typename T>
bool ParseUnsigned(std::string_view text, T& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size() && !text.empty();
}

}  // namespace

std::optional<spdlog::level::level_enum> ParseLogLevel(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, spdlog::level::level_enum>, 7> kLevels =
      {{{"trace", spdlog::level::trace},
        {"debug", spdlog::level::debug},
        {"info", spdlog::level::info},
        {"warn", spdlog::level::warn},
        {"error", spdlog::level::err},
        {"critical", spdlog::level::critical},
        {"off", spdlog::level::off}}};
  for (const auto& [level_name, level] : kLevels) {
    if (level_name == name) return level;
  }
  return std::nullopt;
}

int SyslogPriority(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
    case spdlog::level::debug:
      return 7;
    case spdlog::level::info:
      return 6;
    case spdlog::level::warn:
      return 4;
    case spdlog::level::err:
      return 3;
    case spdlog::level::critical:
      return 2;
    default:
      return 6;
  }
}

bool JournalStreamMatches(std::string_view journal_stream, dev_t device, ino_t inode) {
  const auto colon = journal_stream.find(':');
  if (colon == std::string_view::npos) return false;
  unsigned long long parsed_device = 0;
  unsigned long long parsed_inode = 0;
  return ParseUnsigned(journal_stream.substr(0, colon), parsed_device) &&
         ParseUnsigned(journal_stream.substr(colon + 1), parsed_inode) &&
         parsed_device == static_cast<unsigned long long>(device) &&
         parsed_inode == static_cast<unsigned long long>(inode);
}

void SetUpLogging(spdlog::level::level_enum level) {
  std::shared_ptr<spdlog::sinks::sink> sink;
  if (StderrIsJournal()) {
    sink = std::make_shared<JournalStreamSink>();
    sink->set_pattern("%v");
  } else {
    sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    sink->set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  }
  auto logger = std::make_shared<spdlog::logger>("nudged", std::move(sink));
  logger->set_level(level);
  logger->flush_on(spdlog::level::trace);
  spdlog::set_default_logger(std::move(logger));
}

void SetLogLevel(spdlog::level::level_enum level) { spdlog::default_logger()->set_level(level); }

}  // namespace nudged
