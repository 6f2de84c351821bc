// Times `nudged schedule` on the example configuration as a whole process, the way IT runs
// it, next to the floor measured in the same run: `nudged --version` (the same binary starting
// and exiting, with all its shared libraries) and /bin/true (a bare process). The difference
// is what loading the configuration and computing the schedule cost.
//
//   schedule_bench [RUNS]      (default 100 runs of each command, interleaved)

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct Command {
  std::string label;
  std::vector<std::string> argv;
  std::vector<double> millis;
};

// Runs the command once with its output discarded; returns wall time in milliseconds.
double TimeOnce(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  const auto start = std::chrono::steady_clock::now();
  pid_t pid;
  if (posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) {
    std::fprintf(stderr, "cannot start %s\n", args[0]);
    std::exit(1);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  posix_spawn_file_actions_destroy(&actions);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "%s failed with status %d\n", args[0], status);
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(elapsed).count();
}

double Percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  return values[static_cast<size_t>(fraction * static_cast<double>(values.size() - 1))];
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::atoi(argv[1]) : 100;
  const std::string config = std::string(NUDGED_SOURCE_DIR) + "/config/nudged.example.toml";
  std::vector<Command> commands = {
      {"nudged schedule --format csv", {NUDGED_BINARY, "--config", config, "schedule",
                                        "--format", "csv"}, {}},
      {"nudged --version (floor)", {NUDGED_BINARY, "--version"}, {}},
      {"/bin/true (bare process)", {"/bin/true"}, {}},
  };
  // Interleave the commands so machine noise hits them alike.
  for (int i = 0; i < runs; ++i) {
    for (auto& command : commands) command.millis.push_back(TimeOnce(command.argv));
  }
  std::printf("schedule_bench: %d runs each, wall time per process\n", runs);
  for (const auto& command : commands) {
    std::printf("  %-32s median %7.3f ms   p90 %7.3f ms\n", command.label.c_str(),
                Percentile(command.millis, 0.5), Percentile(command.millis, 0.9));
  }
  std::printf("  schedule work above the floor:   median %7.3f ms\n",
              Percentile(commands[0].millis, 0.5) - Percentile(commands[1].millis, 0.5));
  return 0;
}
