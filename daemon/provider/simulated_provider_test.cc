// SimulatedProvider: SIDs per channel, and the receipts TakeAccepted hands out once each.

#include "provider/simulated_provider.h"

#include <catch2/catch.hpp>

#include <boost/asio/io_context.hpp>

namespace nudged {
namespace {

OutgoingMessage Message(std::int64_t outbox_id, Channel channel) {
  OutgoingMessage message;
  message.outbox_id = outbox_id;
  message.channel = channel;
  message.to = "+15085550100";
  message.body = "Hello";
  return message;
}

TEST_CASE("The simulated provider hands each accepted message's receipt to TakeAccepted once",
          "[provider]") {
  boost::asio::io_context io;
  SimulatedProvider provider(io.get_executor());
  std::vector<std::string> sids;
  const auto keep = [&sids](SendOutcome outcome) {
    CHECK(outcome.result == SendResult::kAccepted);
    sids.push_back(outcome.sid);
  };
  provider.Send(Message(7, Channel::kSms), keep);
  provider.Send(Message(8, Channel::kVoice), keep);
  io.run();
  REQUIRE(sids.size() == 2);

  const std::vector<SimulatedProvider::Receipt> receipts = provider.TakeAccepted();
  REQUIRE(receipts.size() == 2);
  CHECK(receipts[0].outbox_id == 7);
  CHECK(receipts[0].channel == Channel::kSms);
  CHECK(receipts[0].sid == sids[0]);
  CHECK(receipts[0].sid.rfind("SM", 0) == 0);
  CHECK(receipts[1].outbox_id == 8);
  CHECK(receipts[1].channel == Channel::kVoice);
  CHECK(receipts[1].sid == sids[1]);
  CHECK(receipts[1].sid.rfind("CA", 0) == 0);
  CHECK(provider.TakeAccepted().empty());

  provider.Send(Message(9, Channel::kSms), keep);
  io.restart();
  io.run();
  const std::vector<SimulatedProvider::Receipt> later = provider.TakeAccepted();
  REQUIRE(later.size() == 1);
  CHECK(later[0].outbox_id == 9);
  CHECK(provider.accepted() == 3);

  // Reconciliation still finds what was taken.
  std::vector<SentRecord> found;
  provider.ListSent(Channel::kSms, "+15085550100", std::chrono::sys_seconds{},
                    [&found](Status status, std::vector<SentRecord> records) {
                      CHECK(status.ok());
                      found = std::move(records);
                    });
  io.restart();
  io.run();
  CHECK(found.size() == 2);
}

}  // namespace
}  // namespace nudged
