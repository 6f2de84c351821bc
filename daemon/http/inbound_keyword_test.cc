#include "http/inbound_keyword.h"

#include <catch2/catch.hpp>
#include <string>

namespace nudged {
namespace {

TEST_CASE("Inbound keywords in any case and with spaces", "[inbound]") {
  struct Case {
    std::string body;
    InboundAction action;
  };
  const std::vector<Case> cases = {
      {"STOP", InboundAction::kOptOut},
      {" stop ", InboundAction::kOptOut},
      {"StopAll", InboundAction::kOptOut},
      {"\tunsubscribe\n", InboundAction::kOptOut},
      {"Cancel", InboundAction::kOptOut},
      {"  END", InboundAction::kOptOut},
      {"quit  ", InboundAction::kOptOut},
      {"rEvOkE", InboundAction::kOptOut},
      {" OptOut ", InboundAction::kOptOut},
      {"START", InboundAction::kOptIn},
      {" yes", InboundAction::kOptIn},
      {"Unstop ", InboundAction::kOptIn},
      {"help", InboundAction::kHelp},
      {" Info ", InboundAction::kHelp},
      {"stop please", InboundAction::kForStaff},
      {"STOP.", InboundAction::kForStaff},
      {"opt out", InboundAction::kForStaff},
      {"", InboundAction::kForStaff},
      {"Who is this?", InboundAction::kForStaff},
      {"st\xC3\xB6p", InboundAction::kForStaff},
  };
  for (const Case& c : cases) {
    INFO("body \"" << c.body << "\"");
    CHECK(InboundActionName(ClassifyInbound(c.body)) == InboundActionName(c.action));
  }
}

}  // namespace
}  // namespace nudged
