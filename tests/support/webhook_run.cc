// Implementation details: the server is created before the io thread runs and stopped through
// its own Stop, whose completion the destructor waits for before stopping the io_context.

#include "tests/support/webhook_run.h"

#include <catch2/catch.hpp>
#include <future>
#include <pqxx/pqxx>

#include "http/twilio_signature.h"
#include "tests/support/pg_mirror.h"

namespace nudged::testing {

Config WebhookConfig() {
  Config config;
  config.http.listen = "127.0.0.1:0";
  config.http.public_url = kWebhookPublicUrl;
  config.district.name = "Grand Bend & Sons <ISD>";
  config.district.phone = "+1 555-0100";
  config.database.url = TestDsn();
  return config;
}

ConnectionFactory TestConnector() {
  return [dsn = TestDsn()](std::unique_ptr<pqxx::connection>* connection) {
    try {
      *connection = std::make_unique<pqxx::connection>(dsn);
      return Status::Ok();
    } catch (const std::exception& e) {
      return Status::Unavailable(e.what());
    }
  };
}

int FreeLoopbackPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(
      io, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

WebhookRun::WebhookRun(const Config& config, ConnectionFactory connect, const std::string& token)
    : guard_(io_.get_executor()),
      server_(
          std::make_unique<WebhookServer>(config, token, std::move(connect), io_.get_executor())) {
  REQUIRE(server_->Start(&endpoint_).ok());
  thread_ = std::thread([this] { io_.run(); });
}

WebhookRun::~WebhookRun() {
  std::promise<void> stopped;
  server_->Stop(std::chrono::seconds(1), [&stopped] { stopped.set_value(); });
  stopped.get_future().wait_for(std::chrono::seconds(10));
  guard_.reset();
  io_.stop();
  thread_.join();
}

HttpResult WebhookRun::Post(const std::string& target, const std::vector<FormField>& fields,
                            const std::string& token) {
  HttpCall call;
  call.target = target;
  call.body = FormEncode(fields);
  call.headers.emplace_back(
      "X-Twilio-Signature",
      TwilioSignature(token, std::string(kWebhookPublicUrl) + target, fields));
  return SendHttp(endpoint_, call);
}

}  // namespace nudged::testing
