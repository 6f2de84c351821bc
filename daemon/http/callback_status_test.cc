#include "http/callback_status.h"

#include <catch2/catch.hpp>
#include <string>

namespace nudged {
namespace {

TEST_CASE("Provider statuses map to outbox states", "[callbacks]") {
  struct Case {
    bool call;
    std::string status;
    std::string state;  // empty: not understood
  };
  const std::vector<Case> cases = {
      {false, "queued", "sent"},         {false, "accepted", "sent"},
      {false, "scheduled", "sent"},      {false, "sending", "sent"},
      {false, "sent", "sent"},           {false, "delivered", "delivered"},
      {false, "read", "delivered"},      {false, "undelivered", "undelivered"},
      {false, "failed", "failed"},       {false, "canceled", "failed"},
      {false, "Delivered", ""},          {false, "", ""},
      {false, "completed", ""},          {true, "queued", "sent"},
      {true, "initiated", "sent"},       {true, "ringing", "sent"},
      {true, "in-progress", "sent"},     {true, "completed", "delivered"},
      {true, "busy", "undelivered"},     {true, "no-answer", "undelivered"},
      {true, "canceled", "undelivered"}, {true, "failed", "failed"},
      {true, "delivered", ""},           {true, "answered", ""},
  };
  for (const Case& c : cases) {
    INFO((c.call ? "CallStatus=" : "MessageStatus=") + c.status);
    const auto state = c.call ? StateOfCallStatus(c.status) : StateOfMessageStatus(c.status);
    CHECK(std::string(state ? CallbackStateName(*state) : "") == c.state);
  }
}

TEST_CASE("A later state outranks an earlier one, final states tie", "[callbacks]") {
  CHECK(OutboxStateRank("ready") == 0);
  CHECK(OutboxStateRank("sending") == 0);
  CHECK(OutboxStateRank("unknown") == 0);
  CHECK(OutboxStateRank("sent") == 1);
  for (const char* final_state : {"delivered", "undelivered", "failed"}) {
    CHECK(OutboxStateRank(final_state) == 2);
  }
  for (CallbackState state : {CallbackState::kSent, CallbackState::kDelivered,
                              CallbackState::kUndelivered, CallbackState::kFailed}) {
    CHECK(OutboxStateRank(CallbackStateName(state)) >= 1);
  }
}

}  // namespace
}  // namespace nudged
