// The fake provider's behaviour, apart from its sockets: what it has accepted, the faults
// queued for the next create requests, the numbers it always rejects, and the counters the
// tests read. The server hands it each request and carries out the Reply it returns (answer
// after a delay, or drop the connection).
//
// API (Twilio's paths, HTTP Basic auth with the account SID and token):
//   POST /2010-04-01/Accounts/{sid}/Messages.json   create a message (201)
//   POST /2010-04-01/Accounts/{sid}/Calls.json      create a call (201)
//   GET  the same two paths                         list, filters To and DateSent>/StartTime>
//                                                   (by day, as Twilio does), paged
// Control (no auth, for tests):
//   GET  /_fake/messages   every accepted message and call, in arrival order
//   GET  /_fake/requests   every create request that passed authentication, accepted or
//                          not, in arrival order: {"kind", "to", "arrived_at_us", "status"
//                          (0 when the connection was dropped), "fault" (the fault it took,
//                          "" for none)}; tests time retries and count attempts with it
//   GET  /_fake/stats      counters: requests, connections, their maxima at once
//   POST /_fake/reset      forgets messages, faults and counters
//   POST /_fake/faults     {"faults": [{"kind": ..., "count": N, ...}]} appends to the queue;
//                          kinds: "429" (retry_after_s), "500", "503", "slow" (delay_ms),
//                          "drop_after_read" (record: accept it anyway), "error" (code,
//                          status default 400). "500" and "503" also take `record`.
//                          A fault with "to": "+1..." is taken only by a request to that
//                          number, so concurrent requests cannot take each other's faults.
//                          "callback" (outcome, code): the message is accepted, and its final
//                          status callback says `outcome` (e.g. "undelivered", "failed"; for a
//                          call "busy", "no-answer") with ErrorCode `code` when not 0.
//   POST /_fake/rejects    {"to": "+1...", "code": 21211}: that number always fails; code 0
//                          removes it.
//   GET  /_fake/callbacks  every status callback posted (callbacks.h), in the order answered:
//                          {"sid", "status", "url", "answer" (HTTP status, 0 when none)}
//
// Not thread-safe: the server calls it from its one io thread.

#ifndef NUDGED_TOOLS_FAKE_PROVIDER_FAKE_STATE_H_
#define NUDGED_TOOLS_FAKE_PROVIDER_FAKE_STATE_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "callbacks.h"
#include "twilio_shapes.h"

namespace nudged::fake {

struct FakeOptions {
  std::string account_sid;
  std::string auth_token;
  std::chrono::milliseconds latency{0};         // before every API answer
  int page_size = 50;                           // list page size when the request names none
  std::map<std::string, int> rejected_numbers;  // To number -> Twilio error code
  // Prefix of the page URIs in lists. Twilio answers with paths relative to its host, but its
  // spec declares them absolute URIs, so to pass Prism's response check the fake can prefix
  // them with the URL its clients reach it at. Default: empty (relative, like Twilio).
  std::string page_uri_base;
  // Delay before the first status callback of an accepted message, and between the next ones.
  std::chrono::milliseconds callback_delay{200};
};

// The parts of an HTTP request the fake looks at.
struct Request {
  std::string method;
  std::string target;         // path and query
  std::string authorization;  // the Authorization header, empty when absent
  std::string body;
};

// What the server is to do with a request.
struct Reply {
  int status = 200;
  std::string body;  // JSON
  std::vector<std::pair<std::string, std::string>> headers;
  std::chrono::milliseconds delay{0};  // answer (or drop) after this long
  bool drop = false;                   // close the connection without answering
  std::vector<Callback> callbacks;     // to post after answering
};

class FakeState {
 public:
  explicit FakeState(FakeOptions options);

  // Returns what to do with `request`, which arrived at `now_us` (Unix microseconds).
  Reply Handle(const Request& request, int64_t now_us);

  // Connection and request counters, kept by the server.
  void ConnectionOpened();
  void ConnectionClosed();
  void RequestStarted();
  void RequestFinished();
  // Records the answer (HTTP status, 0 for none) to a posted status callback.
  void CallbackAnswered(const Callback& callback, int status);

 private:
  struct Fault {
    std::string kind;
    std::string to;  // empty: any number
    int retry_after_s = 1;
    int delay_ms = 0;
    int code = 0;
    int status = 400;
    bool record = false;
    CallbackOutcome outcome;  // kind "callback"
  };
  struct Counters {
    int64_t requests = 0;
    int64_t connections_accepted = 0;
    int connections_open = 0;
    int max_connections_open = 0;
    int requests_in_flight = 0;
    int max_requests_in_flight = 0;
  };

  Reply HandleControl(const Request& request);
  Reply HandleFaults(const std::string& body);
  Reply HandleRejects(const std::string& body);
  // One create request as GET /_fake/requests lists it.
  struct Arrival {
    Record::Kind kind = Record::Kind::kSms;
    std::string to;
    int64_t arrived_at_us = 0;
    int status = 0;  // 0: dropped
    std::string fault;
  };

  Reply Create(Record::Kind kind, const std::string& account_sid, const std::string& body,
               int64_t now_us);
  // Takes the first queued fault for `to` (an empty kind when none is queued).
  Fault TakeFault(const std::string& to);
  // The answer to a create request for `record` under `fault`; `accept` records the message.
  Reply Answer(const Fault& fault, const Record& record, const std::function<void()>& accept);
  Reply List(Record::Kind kind, const std::string& path, const std::string& query);
  bool Authorized(const std::string& authorization) const;

  const FakeOptions options_;
  std::map<std::string, int> rejected_numbers_;
  std::vector<Record> records_;
  std::vector<Arrival> arrivals_;
  std::deque<Fault> faults_;
  struct PostedCallback {
    std::string sid, status, url;
    int answer = 0;
  };
  std::vector<PostedCallback> posted_callbacks_;
  Counters counters_;
};

}  // namespace nudged::fake

#endif  // NUDGED_TOOLS_FAKE_PROVIDER_FAKE_STATE_H_
