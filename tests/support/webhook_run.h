// Shared setup of the webhook tests: a WebhookServer started in process on loopback (port 0)
// against the test database, on its own io thread, and a client that signs its requests as the
// provider would. Test-only; call from the test's thread.

#ifndef NUDGED_TESTS_SUPPORT_WEBHOOK_RUN_H_
#define NUDGED_TESTS_SUPPORT_WEBHOOK_RUN_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "config/config.h"
#include "http/webhook_server.h"
#include "provider/form_encoding.h"
#include "tests/support/http_client.h"

namespace nudged::testing {

inline constexpr const char* kWebhookToken = "webhook-test-token";
inline constexpr const char* kWebhookPublicUrl = "https://hooks.example.org";

// [http] on 127.0.0.1:0 with public_url kWebhookPublicUrl; [district] "Grand Bend & Sons
// <ISD>", phone "+1 555-0100"; [database] the test DSN.
Config WebhookConfig();

// Returns a port free on 127.0.0.1 right now, for a listener whose URL must be known before it
// starts (the fake provider signs callbacks for the URL it is given).
int FreeLoopbackPort();

// Opens a connection to the test database.
ConnectionFactory TestConnector();

class WebhookRun {
 public:
  // The server checks signatures with `token`.
  explicit WebhookRun(const Config& config = WebhookConfig(),
                      ConnectionFactory connect = TestConnector(),
                      const std::string& token = kWebhookToken);
  // Stops the server (1 s grace) and its threads.
  ~WebhookRun();

  const boost::asio::ip::tcp::endpoint& endpoint() const { return endpoint_; }

  // POSTs `fields` to `target`, signed with `token` for kWebhookPublicUrl + target.
  HttpResult Post(const std::string& target, const std::vector<FormField>& fields,
                  const std::string& token = kWebhookToken);

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::unique_ptr<WebhookServer> server_;
  boost::asio::ip::tcp::endpoint endpoint_;
  std::thread thread_;
};

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_SUPPORT_WEBHOOK_RUN_H_
