// The server side of bench/webhooks (the script drives it with wrk):
//   webhooks_bench serve --dsn DSN [--no-database] [--max-connections N]
//       Runs the webhook listener in process on 127.0.0.1 (a free port, printed first as
//       "listening PORT") until SIGINT or SIGTERM. With --no-database the same HTTP server
//       answers /twilio/status after parsing the form and checking the signature, with no
//       database work: the ceiling the real listener is measured against.
//   webhooks_bench sign --ids FILE --out FILE
//       Reads "outbox_id<TAB>channel" lines and writes, per row, one signed delivered status
//       callback (completed for voice) as "target<TAB>signature<TAB>body" for the wrk script
//       (LuaJIT has no HMAC).
// The auth token and public URL are fixed below; both sides use them.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "http/form_body.h"
#include "http/http_server.h"
#include "http/twilio_signature.h"
#include "http/webhook_server.h"

namespace nudged {
namespace {

namespace http = boost::beast::http;

constexpr const char* kToken = "bench-webhook-token";
constexpr const char* kPublicUrl = "https://hooks.bench.example";

Config BenchConfig(const std::string& dsn, int max_connections) {
  Config config;
  config.http.listen = "127.0.0.1:0";
  config.http.public_url = kPublicUrl;
  config.http.max_connections = max_connections;
  config.district.name = "Bench District";
  config.database.url = dsn;
  return config;
}

// The route of the ceiling run: everything the real handler does before the database.
HttpRoute NoDatabaseRoute() {
  return {http::verb::post, "/twilio/status", "application/x-www-form-urlencoded",
          [](HttpRequest request, HttpRespond respond) {
            const auto fields = ParseFormBody(request.body());
            const std::string url = SignedUrl(kPublicUrl, "", StdView(request.target()));
            const bool ok = fields && ValidTwilioSignature(kToken, url, *fields,
                                                           StdView(request["X-Twilio-Signature"]));
            respond(MakeResponse(request, ok ? http::status::ok : http::status::forbidden));
          }};
}

int Serve(const std::string& dsn, bool no_database, int max_connections) {
  spdlog::set_level(spdlog::level::warn);
  boost::asio::io_context io(1);
  const Config config = BenchConfig(dsn, max_connections);
  boost::asio::ip::tcp::endpoint bound;
  std::unique_ptr<WebhookServer> webhooks;
  std::unique_ptr<HttpServer> plain;
  Status status;
  if (no_database) {
    HttpServerOptions options;
    options.listen = config.http.listen;
    options.max_connections = max_connections;
    plain = std::make_unique<HttpServer>(io.get_executor(), options,
                                         std::vector<HttpRoute>{NoDatabaseRoute()});
    status = plain->Start(&bound);
  } else {
    webhooks = std::make_unique<WebhookServer>(
        config, kToken,
        [dsn](std::unique_ptr<pqxx::connection>* connection) {
          try {
            *connection = std::make_unique<pqxx::connection>(dsn);
            return Status::Ok();
          } catch (const std::exception& e) {
            return Status::Unavailable(e.what());
          }
        },
        io.get_executor());
    status = webhooks->Start(&bound);
  }
  if (!status.ok()) {
    std::cerr << "webhooks_bench: " << status.ToString() << "\n";
    return 1;
  }
  std::printf("listening %d\n", bound.port());
  std::fflush(stdout);
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code&, int) {
    if (webhooks) {
      webhooks->Stop(std::chrono::seconds(5), [&io] { io.stop(); });
    } else {
      io.stop();
    }
  });
  io.run();
  return 0;
}

int Sign(const std::string& ids_file, const std::string& out_file) {
  std::ifstream ids(ids_file);
  std::ofstream out(out_file);
  std::string line;
  int count = 0;
  while (std::getline(ids, line)) {
    std::istringstream fields(line);
    std::string id, channel;
    if (!std::getline(fields, id, '\t') || !std::getline(fields, channel)) continue;
    const bool call = channel == "voice";
    const std::string target = "/twilio/status?outbox_id=" + id;
    const std::vector<FormField> params =
        call ? std::vector<FormField>{{"AccountSid", "AC00000000000000000000000000000000"},
                                      {"CallSid", "CA" + id},
                                      {"CallStatus", "completed"},
                                      {"To", "+12025550123"}}
             : std::vector<FormField>{{"AccountSid", "AC00000000000000000000000000000000"},
                                      {"MessageSid", "SM" + id},
                                      {"MessageStatus", "delivered"},
                                      {"SmsSid", "SM" + id},
                                      {"SmsStatus", "delivered"},
                                      {"To", "+12025550123"}};
    out << target << '\t' << TwilioSignature(kToken, std::string(kPublicUrl) + target, params)
        << '\t' << FormEncode(params) << '\n';
    ++count;
  }
  std::fprintf(stderr, "signed %d callbacks\n", count);
  return count > 0 ? 0 : 1;
}

}  // namespace
}  // namespace nudged

int main(int argc, char** argv) {
  CLI::App app{"webhook listener benchmark (bench/webhooks)"};
  app.require_subcommand(1);
  std::string dsn, ids, out;
  bool no_database = false;
  int max_connections = 512;
  CLI::App* serve = app.add_subcommand("serve", "run the listener until SIGTERM");
  serve->add_option("--dsn", dsn, "state database")->required();
  serve->add_flag("--no-database", no_database, "answer after the signature check only");
  serve->add_option("--max-connections", max_connections, "connection cap");
  CLI::App* sign = app.add_subcommand("sign", "write signed callbacks for wrk");
  sign->add_option("--ids", ids, "outbox_id<TAB>channel lines")->required();
  sign->add_option("--out", out, "output file")->required();
  CLI11_PARSE(app, argc, argv);
  if (*serve) return nudged::Serve(dsn, no_database, max_connections);
  return nudged::Sign(ids, out);
}
