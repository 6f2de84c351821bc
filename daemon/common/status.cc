#include "nudged/status.h"

namespace nudged {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kUnavailable:
      return "unavailable: " + message_;
    case Code::kConflict:
      return "conflict: " + message_;
    case Code::kInDoubt:
      return "in doubt: " + message_;
    case Code::kInternal:
      return "internal: " + message_;
  }
  return "unknown: " + message_;
}

}  // namespace nudged
