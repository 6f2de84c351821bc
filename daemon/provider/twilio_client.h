// The Provider that speaks Twilio's REST API (2010-04-01) over HTTP/1.1 with keep-alive, on
// Boost.Beast and OpenSSL: SMS through Messages.json, voice calls through Calls.json with
// TwiML that reads the message twice, and listing for reconciliation. See provider.h for the
// outcomes; twilio_response.h says how answers map to them.
//
// Thread-safety: Send and ListSent may be called from any thread; all work and every callback
// runs on the client's strand over the executor given to Create. The client must outlive
// every pending callback, and the executor's io_context must keep running until then.

#ifndef NUDGED_PROVIDER_TWILIO_CLIENT_H_
#define NUDGED_PROVIDER_TWILIO_CLIENT_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <memory>
#include <string>

#include "config/config.h"
#include "nudged/status.h"
#include "provider/connection_pool.h"
#include "provider/provider.h"

namespace nudged {

// Splits an http(s) URL into its origin and path prefix ("" or "/prefix", no trailing '/').
// InvalidArgument when `url` is not http:// or https:// with a host.
Status ParseBaseUrl(const std::string& url, Origin* origin, std::string* path_prefix);

class TwilioClient : public Provider {
 public:
  // Creates a client for config.base_url, authenticating as config.account_sid with `token`
  // (see provider_token.h). InvalidArgument for a bad base URL or an unreadable ca_file.
  static Status Create(const ProviderConfig& config, boost::asio::any_io_executor executor,
                       std::string token, std::unique_ptr<TwilioClient>* client);

  void Send(const OutgoingMessage& message, SendCallback done) override;
  void ListSent(Channel channel, const std::string& to, std::chrono::sys_seconds since,
                ListCallback done) override;

 private:
  TwilioClient(const ProviderConfig& config, ConnectionPool::Strand strand, Origin origin,
               std::string path_prefix, std::string authorization);

  boost::asio::awaitable<SendOutcome> DoSend(OutgoingMessage message);
  boost::asio::awaitable<Status> DoList(Channel channel, std::string to,
                                        std::chrono::sys_seconds since,
                                        std::vector<SentRecord>* records);
  ConnectionPool::Request MakeRequest(bool post, const std::string& target,
                                      std::string form_body) const;
  std::string CollectionPath(Channel channel) const;

  // Constant after construction.
  const ProviderConfig config_;
  const std::string path_prefix_;
  const std::string host_header_;
  const std::string authorization_;  // "Basic ...": holds the token, never logged
  boost::asio::ssl::context tls_context_;
  ConnectionPool pool_;
};

}  // namespace nudged

#endif  // NUDGED_PROVIDER_TWILIO_CLIENT_H_
