// The webhook listener `nudged run` starts ([http] in the configuration): the provider's status
// callbacks and inbound messages over HTTP (http_server.h), each request's X-Twilio-Signature
// checked (twilio_signature.h), stored by the database thread (webhook_writer.h) before it is
// acknowledged.
//
//   POST /twilio/status   MessageStatus/CallStatus for outbox row ?outbox_id=N (the URL the
//                         dispatcher gives as StatusCallback): 200 once stored; the row moves
//                         forward only (callback_status.h). An unknown outbox_id is stored and
//                         logged, and answered 200 so the provider stops retrying.
//   POST /twilio/inbound  a caregiver's reply: STOP and synonyms opt the sender out of sms and
//                         voice, START/YES/UNSTOP back in, HELP/INFO get the district's name
//                         and phone; the rest is kept for school staff (inbound_keyword.h).
//                         Answers TwiML (text/xml).
// Both take application/x-www-form-urlencoded bodies. Answers: 400 malformed form or missing
// fields, 403 bad or missing signature (one warning line), 404/405/413/415 from the server,
// 503 while the database is unreachable (the provider retries), 500 if the database refuses
// a request.
//
// Threading: the listener runs on `executor` (REQUIRES: its handlers never run concurrently),
// the database work on the writer's own thread. Start and Stop are called from one thread.

#ifndef NUDGED_HTTP_WEBHOOK_SERVER_H_
#define NUDGED_HTTP_WEBHOOK_SERVER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "http/http_server.h"
#include "http/webhook_store.h"
#include "http/webhook_writer.h"
#include "nudged/status.h"
#include "provider/form_encoding.h"

namespace nudged {

class WebhookServer {
 public:
  // `auth_token` is the provider's (provider/provider_token.h ReadProviderToken); `connect`
  // opens the writer's connection (e.g. OpenStateDatabase on config.database).
  WebhookServer(const Config& config, std::string auth_token, ConnectionFactory connect,
                boost::asio::any_io_executor executor);
  ~WebhookServer();

  // Starts the database thread and listens on [http] listen. Sets *bound to the endpoint
  // bound. Returns InvalidArgument when [http] public_url and [provider] status_callback_url
  // are both empty (no URL to check signatures against) or the address is bad, Unavailable
  // when it cannot listen.
  Status Start(boost::asio::ip::tcp::endpoint* bound);

  // Calls `observer` on the executor with "status", "inbound" or "forbidden" (a bad
  // signature) for each request that gets that far, e.g. Metrics::RecordWebhookCallback.
  // REQUIRES: called before Start.
  void ObserveRequests(std::function<void(std::string_view kind)> observer) {
    observer_ = std::move(observer);
  }

  // Stops accepting; requests under way are answered within `grace`; then the database thread
  // ends. Calls `on_stopped` on the executor when all is done.
  void Stop(std::chrono::milliseconds grace, std::function<void()> on_stopped);

 private:
  void HandleStatus(HttpRequest request, HttpRespond respond);
  void HandleInbound(HttpRequest request, HttpRespond respond);
  void Observe(std::string_view kind) const;
  // Returns whether the request is signed; answers 403 and logs when it is not.
  bool CheckSignature(const HttpRequest& request, const std::vector<FormField>& fields,
                      const HttpRespond& respond) const;

  // Constant after construction.
  const std::string auth_token_;
  const std::string public_url_;           // [http] public_url
  const std::string status_callback_url_;  // [provider] status_callback_url
  const std::string help_twiml_;           // the answer to HELP and INFO

  std::function<void(std::string_view kind)> observer_;  // may be empty
  WebhookWriter writer_;
  HttpServer server_;
};

// Fills the sid, provider_status, state, error_code and detail of *callback from a status
// callback's form fields (MessageSid/SmsSid and MessageStatus/SmsStatus, or CallSid and
// CallStatus; ErrorCode and AnsweredBy when present), as POST /twilio/status does once the
// signature is checked; the detail reads "status callback MessageStatus=delivered". Returns
// the reason when the form is not a status callback it knows, else empty. Leaves outbox_id.
std::string ReadStatusCallback(const std::vector<FormField>& fields, StatusCallback* callback);

// Returns the TwiML answering HELP: the district's name and phone in a <Message>, escaped.
std::string HelpTwiml(const DistrictConfig& district);

}  // namespace nudged

#endif  // NUDGED_HTTP_WEBHOOK_SERVER_H_
