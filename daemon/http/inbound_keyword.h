// What an inbound message asks for, by its keyword (the whole body after trimming spaces,
// compared case-insensitively, as carriers do):
//   STOP STOPALL UNSUBSCRIBE CANCEL END QUIT REVOKE OPTOUT -> opt out
//   START YES UNSTOP                                       -> opt back in
//   HELP INFO                                              -> help
//   anything else                                          -> for staff to read
// Pure; thread-safe.

#ifndef NUDGED_HTTP_INBOUND_KEYWORD_H_
#define NUDGED_HTTP_INBOUND_KEYWORD_H_

#include <string_view>

namespace nudged {

enum class InboundAction { kOptOut, kOptIn, kHelp, kForStaff };

// Returns the stored name: "opt_out", "opt_in", "help", "for_staff".
std::string_view InboundActionName(InboundAction action);

InboundAction ClassifyInbound(std::string_view body);

}  // namespace nudged

#endif  // NUDGED_HTTP_INBOUND_KEYWORD_H_
