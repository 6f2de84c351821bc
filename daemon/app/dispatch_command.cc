// Implementation details: `nudged dispatch` is configuration → database clock → provider →
// Dispatcher::Run on this thread's io_context until SIGINT/SIGTERM (an Asio signal_set calls
// Stop) or, with --until-idle, until nothing is left to send in the current window. The
// dispatcher's database thread opens its own connections through the same DatabaseConfig and
// recalibrates the clock after every heartbeat.

#include <utility>  // before Asio: Boost 1.74's coroutine headers need it

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <memory>
#include <pqxx/connection>
#include <spdlog/spdlog.h>

#include "app/cli.h"
#include "app/db_commands.h"
#include "common/log_value.h"
#include "db/connection.h"
#include "dispatch/database_clock.h"
#include "dispatch/dispatcher.h"
#include "provider/provider_token.h"
#include "provider/twilio_client.h"

namespace nudged {
namespace {

// The Twilio client for [provider], with the token from where the configuration says.
Status MakeProvider(const ProviderConfig& config, boost::asio::io_context& io,
                    std::unique_ptr<Provider>* provider) {
  std::string token;
  Status status = ReadProviderToken(config, &token);
  if (!status.ok()) return status;
  std::unique_ptr<TwilioClient> client;
  status = TwilioClient::Create(config, io.get_executor(), std::move(token), &client);
  if (status.ok()) *provider = std::move(client);
  return status;
}

}  // namespace

int RunDispatchCommand(const GlobalOptions& global, const DispatchCommandOptions& options) {
  std::optional<Config> config = LoadConfigOrReport(global);
  if (!config) return kExitInvalidInput;

  DatabaseClock clock;
  std::unique_ptr<pqxx::connection> connection;
  Status status = OpenStateDatabase(config->database, &connection);
  if (status.ok()) status = clock.Calibrate(*connection);
  if (!status.ok()) return ReportFailure("dispatch", status);
  connection.reset();

  boost::asio::io_context io;
  std::unique_ptr<Provider> provider;
  status = MakeProvider(config->provider, io, &provider);
  if (!status.ok()) return ReportFailure("dispatch", status);

  DispatcherOptions dispatcher_options;
  dispatcher_options.instance = options.instance;
  dispatcher_options.until_idle = options.until_idle;
  dispatcher_options.reconcile_grace = std::chrono::seconds(config->provider.reconcile_grace_s);
  dispatcher_options.after_heartbeat = [&clock](pqxx::connection& c) {
    const Status calibrated = clock.Calibrate(c);
    if (!calibrated.ok())
      spdlog::warn("database clock not calibrated status={}", LogQuote(calibrated.ToString()));
  };
  Dispatcher dispatcher(config->provider, SendGateFor(*config), dispatcher_options,
                        StateDatabaseConnector(config->database), io, *provider, clock);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&dispatcher](const boost::system::error_code& error, int signal) {
    if (error) return;
    spdlog::info("signal received, stopping signal={}", signal);
    dispatcher.Stop();
  });
  status = dispatcher.Run();
  if (!status.ok()) return ReportFailure("dispatch", status);
  return kExitOk;
}

}  // namespace nudged
