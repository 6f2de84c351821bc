// Runs a TwilioClient synchronously for tests: one io_context, driven until the callbacks of
// the calls made so far have run. Not thread-safe.

#ifndef NUDGED_TESTS_PROVIDER_CLIENT_RUNNER_H_
#define NUDGED_TESTS_PROVIDER_CLIENT_RUNNER_H_

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio.hpp>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "provider/twilio_client.h"
#include "tests/support/provider_harness.h"

namespace nudged::testing {

class ClientRunner {
 public:
  explicit ClientRunner(const ProviderConfig& config,
                        std::string token = ProviderHarness::kAuthToken) {
    const Status status = TwilioClient::Create(config, io_.get_executor(), token, &client_);
    if (!status.ok()) throw std::runtime_error(status.ToString());
  }

  TwilioClient& client() { return *client_; }

  // Sends every message at once and returns the outcomes in the same order.
  std::vector<SendOutcome> SendAll(const std::vector<OutgoingMessage>& messages) {
    std::vector<SendOutcome> outcomes(messages.size());
    for (size_t i = 0; i < messages.size(); ++i) {
      client_->Send(messages[i],
                    [&outcomes, i](SendOutcome outcome) { outcomes[i] = std::move(outcome); });
    }
    Run();
    return outcomes;
  }

  SendOutcome Send(const OutgoingMessage& message) { return SendAll({message}).front(); }

  Status List(Channel channel, const std::string& to, std::chrono::sys_seconds since,
              std::vector<SentRecord>* records) {
    Status result = Status::Internal("callback not called");
    client_->ListSent(channel, to, since, [&](Status status, std::vector<SentRecord> listed) {
      result = std::move(status);
      *records = std::move(listed);
    });
    Run();
    return result;
  }

 private:
  void Run() {
    io_.restart();
    io_.run();
  }

  boost::asio::io_context io_;
  std::unique_ptr<TwilioClient> client_;
};

inline OutgoingMessage Sms(const std::string& to, const std::string& body, int64_t outbox_id = 1) {
  return OutgoingMessage{outbox_id, Channel::kSms, to, body, "en"};
}

inline OutgoingMessage Call(const std::string& to, const std::string& body,
                            const std::string& language, int64_t outbox_id = 1) {
  return OutgoingMessage{outbox_id, Channel::kVoice, to, body, language};
}

}  // namespace nudged::testing

#endif  // NUDGED_TESTS_PROVIDER_CLIENT_RUNNER_H_
