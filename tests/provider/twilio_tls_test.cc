// HTTPS against the fake provider with certificates made here by the openssl CLI: a test CA,
// a server certificate for 127.0.0.1 and localhost, one for another host name, and one from a
// CA the client does not trust. Verification must pass only for the first; a failed
// verification means nothing was sent, so it is retryable, never ambiguous.

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "tests/provider/client_runner.h"
#include "tests/support/subprocess.h"

namespace nudged::testing {
namespace {

namespace fs = std::filesystem;

class TestCertificates {
 public:
  TestCertificates() {
    char pattern[] = "/tmp/nudged-tls-XXXXXX";
    dir_ = mkdtemp(pattern);
    MakeCa("ca");
    MakeCa("rogue_ca");
    MakeServer("good", "ca", "subjectAltName=DNS:localhost,IP:127.0.0.1");
    MakeServer("other_host", "ca", "subjectAltName=DNS:other.example.org");
    MakeServer("untrusted", "rogue_ca", "subjectAltName=DNS:localhost,IP:127.0.0.1");
  }
  ~TestCertificates() { fs::remove_all(dir_); }

  std::string Path(const std::string& name) const { return (fs::path(dir_) / name).string(); }

 private:
  void Run(const std::string& command) {
    const int status = RunShell("cd " + ShellQuote(dir_) + " && " + command + " 2>/dev/null");
    if (status != 0) throw std::runtime_error("openssl failed: " + command);
  }
  void MakeCa(const std::string& name) {
    Run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj "
        "/CN=" +
        name + " -keyout " + name + ".key -out " + name + ".pem");
  }
  void MakeServer(const std::string& name, const std::string& ca, const std::string& san) {
    std::ofstream(Path(name + ".ext")) << san << "\n";
    Run("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=" + name +
        " -keyout " + name + ".key -out " + name + ".csr");
    Run("openssl x509 -req -in " + name + ".csr -CA " + ca + ".pem -CAkey " + ca +
        ".key -CAcreateserial -days 2 -extfile " + name + ".ext -out " + name + ".pem");
  }

  std::string dir_;
};

const TestCertificates& Certificates() {
  static TestCertificates certificates;
  return certificates;
}

struct TlsCase {
  const char* name;
  const char* server_certificate;
  const char* host;
  SendResult expected;
};

TEST_CASE("HTTPS verifies the provider's certificate chain and host name") {
  const TlsCase cases[] = {
      {"trusted CA, IP address", "good", "127.0.0.1", SendResult::kAccepted},
      {"trusted CA, host name", "good", "localhost", SendResult::kAccepted},
      {"certificate for another host", "other_host", "127.0.0.1", SendResult::kRetryable},
      {"certificate for another host name", "other_host", "localhost", SendResult::kRetryable},
      {"untrusted CA", "untrusted", "127.0.0.1", SendResult::kRetryable},
  };
  for (const TlsCase& test : cases) {
    SECTION(test.name) {
      const TestCertificates& certificates = Certificates();
      ProviderHarnessOptions options;
      options.with_prism = false;
      options.tls_cert = certificates.Path(std::string(test.server_certificate) + ".pem");
      options.tls_key = certificates.Path(std::string(test.server_certificate) + ".key");
      ProviderHarness provider(options);
      ProviderConfig config = provider.Config();
      config.base_url =
          "https://" + std::string(test.host) + ":" + std::to_string(provider.fake_port());
      config.ca_file = certificates.Path("ca.pem");
      ClientRunner runner(config);
      const SendOutcome outcome = runner.Send(Sms("+15085550140", "Hello"));
      INFO(outcome.detail);
      CHECK(outcome.result == test.expected);
      CHECK(provider.Messages().size() == (test.expected == SendResult::kAccepted ? 1u : 0u));
      if (test.expected != SendResult::kAccepted) {
        CHECK(outcome.detail.find("TLS handshake") != std::string::npos);
      }
    }
  }
}

TEST_CASE("An unreadable ca_file is a configuration error") {
  ProviderConfig config;
  config.base_url = "https://127.0.0.1:1";
  config.ca_file = "/nonexistent/ca.pem";
  boost::asio::io_context io;
  std::unique_ptr<TwilioClient> client;
  const Status status = TwilioClient::Create(config, io.get_executor(), "token", &client);
  CHECK(status.IsInvalidArgument());
  CHECK(status.message().find("/nonexistent/ca.pem") != std::string::npos);
}

}  // namespace
}  // namespace nudged::testing
