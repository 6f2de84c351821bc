// Implementation details: answers are delivered by a steady_timer (latency) or a post, never
// inline, as provider.h requires. SIDs are "SM"/"CA" and 32 hex digits, like Twilio's.

#include "tests/support/scripted_provider.h"

#include <fmt/format.h>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <atomic>
#include <memory>

namespace nudged::testing {
namespace {

// Shared by every double in the process, so two dispatchers' providers never hand out the
// same SID (the outbox keeps SIDs unique, as Twilio's are).
std::atomic<std::int64_t> last_sid{0};

}  // namespace

ScriptedAnswer Accepted() {
  ScriptedAnswer answer;
  answer.outcome.result = SendResult::kAccepted;
  answer.outcome.http_status = 201;
  answer.outcome.detail = "accepted";
  answer.kept = true;
  return answer;
}

ScriptedAnswer Retryable(std::string code, std::optional<std::chrono::milliseconds> retry_after) {
  ScriptedAnswer answer;
  answer.outcome.result = SendResult::kRetryable;
  answer.outcome.http_status = 429;
  answer.outcome.provider_code = std::move(code);
  answer.outcome.retry_after = retry_after;
  answer.outcome.detail = "HTTP 429 too many requests";
  return answer;
}

ScriptedAnswer Permanent(std::string code) {
  ScriptedAnswer answer;
  answer.outcome.result = SendResult::kPermanent;
  answer.outcome.http_status = 400;
  answer.outcome.detail = "HTTP 400 code " + code;
  answer.outcome.provider_code = std::move(code);
  return answer;
}

ScriptedAnswer Ambiguous(bool kept) {
  ScriptedAnswer answer;
  answer.outcome.result = SendResult::kAmbiguous;
  answer.outcome.detail = "timeout after the request was written";
  answer.kept = kept;
  return answer;
}

ScriptedProvider::ScriptedProvider(boost::asio::io_context& io, Clock& clock, Script script,
                                   std::chrono::milliseconds latency)
    : io_(io), clock_(clock), script_(std::move(script)), latency_(latency) {}

std::vector<ScriptedProvider::Request> ScriptedProvider::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int ScriptedProvider::ListCalls() const {
  std::lock_guard lock(mutex_);
  return list_calls_;
}

void ScriptedProvider::Send(const OutgoingMessage& message, SendCallback done) {
  if (hook_) hook_(message);
  const Instant now = clock_.Now();
  ScriptedAnswer answer;
  {
    std::lock_guard lock(mutex_);
    answer = script_(message, ++attempts_[message.outbox_id]);
    const bool voice = message.channel == Channel::kVoice;
    const std::string sid = fmt::format("{}{:032x}", voice ? "CA" : "SM", ++last_sid);
    if (answer.outcome.result == SendResult::kAccepted) answer.outcome.sid = sid;
    if (answer.kept) {
      kept_.push_back({message.channel,
                       SentRecord{sid, message.to, voice ? std::string() : message.body,
                                  std::chrono::floor<std::chrono::seconds>(now)}});
    }
    requests_.push_back({message.outbox_id, message.to, now, answer.outcome.result});
  }
  auto timer = std::make_shared<boost::asio::steady_timer>(io_, latency_);
  timer->async_wait([timer, done = std::move(done), outcome = answer.outcome](
                        const boost::system::error_code&) { done(outcome); });
}

void ScriptedProvider::ListSent(Channel channel, const std::string& to,
                                std::chrono::sys_seconds since, ListCallback done) {
  std::vector<SentRecord> records;
  {
    std::lock_guard lock(mutex_);
    ++list_calls_;
    for (const Kept& kept : kept_) {
      if (kept.channel == channel && kept.record.to == to && kept.record.created >= since) {
        records.push_back(kept.record);
      }
    }
  }
  boost::asio::post(io_, [done = std::move(done), records = std::move(records)] {
    done(Status::Ok(), records);
  });
}

}  // namespace nudged::testing
