// ReadStatusCallback: a status callback's form as POST /twilio/status reads it (the parsing
// `nudged simulate` also builds its delivery receipts with).

#include "http/webhook_server.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("ReadStatusCallback reads MessageStatus and CallStatus forms into the stored form",
          "[http]") {
  StatusCallback message;
  CHECK(ReadStatusCallback({{"MessageSid", "SM1"}, {"MessageStatus", "delivered"}}, &message) ==
        "");
  CHECK(message.sid == "SM1");
  CHECK(message.provider_status == "delivered");
  CHECK(message.state == CallbackState::kDelivered);
  CHECK(message.error_code.empty());
  CHECK(message.detail == "status callback MessageStatus=delivered");
  CHECK(!message.outbox_id);

  StatusCallback call;
  CHECK(ReadStatusCallback({{"CallSid", "CA1"}, {"CallStatus", "busy"}, {"ErrorCode", "31486"}},
                           &call) == "");
  CHECK(call.state == CallbackState::kUndelivered);
  CHECK(call.detail == "status callback CallStatus=busy ErrorCode=31486");

  StatusCallback unknown;
  CHECK(ReadStatusCallback({{"MessageSid", "SM1"}, {"MessageStatus", "lost"}}, &unknown) ==
        "unknown MessageStatus");
  CHECK(ReadStatusCallback({{"MessageSid", "SM1"}}, &unknown) ==
        "no MessageSid and MessageStatus, nor CallSid and CallStatus");
}

}  // namespace
}  // namespace nudged
