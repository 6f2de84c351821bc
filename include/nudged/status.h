// The result of an operation that can fail, in the shape of leveldb's Status: ok, or a code
// and a message naming the step that failed. Errors from libraries (libpqxx exceptions, Asio
// error codes) are translated to a Status at the edge that calls them. "Not found" is a
// result, not an error. Plain value, safe to copy between threads.

#ifndef NUDGED_STATUS_H_
#define NUDGED_STATUS_H_

#include <string>
#include <utility>

namespace nudged {

class Status {
 public:
  enum class Code {
    kOk,
    kInvalidArgument,  // bad input: configuration, command line, a row of data
    kUnavailable,      // a server could not be reached or dropped us; retrying may work
    kConflict,         // someone else did it first (unique violation, lost lock)
    kInDoubt,          // we cannot tell whether it happened; reconcile before retrying
    kInternal,         // a bug or an invariant broken
  };

  Status() = default;

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(Code::kUnavailable, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(Code::kConflict, std::move(message));
  }
  static Status InDoubt(std::string message) { return Status(Code::kInDoubt, std::move(message)); }
  static Status Internal(std::string message) {
    return Status(Code::kInternal, std::move(message));
  }

  bool ok() const { return code_ == Code::kOk; }
  bool IsInvalidArgument() const { return code_ == Code::kInvalidArgument; }
  bool IsUnavailable() const { return code_ == Code::kUnavailable; }
  bool IsConflict() const { return code_ == Code::kConflict; }
  bool IsInDoubt() const { return code_ == Code::kInDoubt; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns "OK" or "<code name>: <message>".
  std::string ToString() const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

}  // namespace nudged

#endif  // NUDGED_STATUS_H_
