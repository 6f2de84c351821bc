#include "nudged/message.h"

#include <catch2/catch.hpp>

#include "nudged/status.h"

namespace nudged {
namespace {

TEST_CASE("Channel and kind names round-trip and reject unknown names") {
  for (Channel channel : {Channel::kSms, Channel::kVoice, Channel::kEmail, Channel::kLetter}) {
    CHECK(ParseChannel(ChannelName(channel)) == channel);
  }
  for (MessageKind kind : {MessageKind::kInitial, MessageKind::kRecurring, MessageKind::kPraise}) {
    CHECK(ParseMessageKind(MessageKindName(kind)) == kind);
  }
  CHECK_FALSE(ParseChannel("SMS"));
  CHECK_FALSE(ParseMessageKind("first"));
}

TEST_CASE("Status names its code and message") {
  CHECK(Status::Ok().ok());
  CHECK(Status::Ok().ToString() == "OK");
  const Status unavailable = Status::Unavailable("connect to the SIS mirror: timeout");
  CHECK(unavailable.IsUnavailable());
  CHECK_FALSE(unavailable.ok());
  CHECK(unavailable.ToString() == "unavailable: connect to the SIS mirror: timeout");
  CHECK(Status::Conflict("x").IsConflict());
  CHECK(Status::InDoubt("x").IsInDoubt());
  CHECK(Status::InvalidArgument("x").IsInvalidArgument());
}

}  // namespace
}  // namespace nudged
