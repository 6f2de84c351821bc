// Implementation details: SIDs are Twilio-shaped ("SM" or "CA" and 32 hex digits): a random
// number per provider, then a counter, so they stay unique across the providers of one
// simulation and across simulations (the outbox refuses a SID already on another row); the record's
// `created` is the real clock, which only reconciliation reads.

#include "provider/simulated_provider.h"

#include <fmt/format.h>
#include <boost/asio/post.hpp>

#include <random>
#include <utility>

namespace nudged {

SimulatedProvider::SimulatedProvider(boost::asio::any_io_executor executor)
    : executor_(std::move(executor)),
      run_id_((std::uint64_t{std::random_device()()} << 32) | std::random_device()()) {}

void SimulatedProvider::Send(const OutgoingMessage& message, SendCallback done) {
  SendOutcome outcome;
  outcome.result = SendResult::kAccepted;
  outcome.http_status = 201;
  outcome.detail = "accepted by the simulated provider";
  {
    std::lock_guard<std::mutex> lock(mutex_);
    outcome.sid = fmt::format("{}{:016x}{:016x}", message.channel == Channel::kVoice ? "CA" : "SM",
                              run_id_, accepted_.size() + 1);
    accepted_.push_back(
        {message.channel,
         SentRecord{outcome.sid, message.to, message.channel == Channel::kVoice ? "" : message.body,
                    std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())}});
    receipts_.push_back({message.outbox_id, message.channel, outcome.sid});
  }
  boost::asio::post(executor_,
                    [done = std::move(done), outcome = std::move(outcome)] { done(outcome); });
}

void SimulatedProvider::ListSent(Channel channel, const std::string& to,
                                 std::chrono::sys_seconds since, ListCallback done) {
  std::vector<SentRecord> found;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const Accepted& a : accepted_) {
      if (a.channel == channel && a.record.to == to && a.record.created >= since) {
        found.push_back(a.record);
      }
    }
  }
  boost::asio::post(
      executor_, [done = std::move(done), found = std::move(found)] { done(Status::Ok(), found); });
}

std::int64_t SimulatedProvider::accepted() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::int64_t>(accepted_.size());
}

std::vector<SimulatedProvider::Receipt> SimulatedProvider::TakeAccepted() {
  std::lock_guard<std::mutex> lock(mutex_);
  return std::exchange(receipts_, {});
}

}  // namespace nudged
