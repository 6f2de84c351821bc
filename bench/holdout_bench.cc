// Times the randomized holdout (households by union-find, then the stratified draw) on
// synthetic students, next to the floor measured in the same run: std::sort of as many random
// 64-bit keys, the one sort any stratified assignment needs.
//
//   holdout_bench [STUDENTS]      (default 1000000; best of 3 runs of each)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "planner/holdout.h"
#include "tests/support/synthetic_students.h"

namespace {

template <typename F>
double BestMillis(F&& run) {
  double best = 1e300;
  for (int i = 0; i < 3; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    best = std::min(best, took.count());
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t count = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1000000;
  const std::vector<nudged::ExperimentStudent> students =
      nudged::testing::SyntheticStudents(count, 2026);
  nudged::ExperimentConfig config;
  config.enabled = true;
  std::size_t treated = 0;
  const double assign_ms = BestMillis([&] {
    const auto arms = nudged::AssignArms(students, config).students;
    treated = static_cast<std::size_t>(std::count_if(
        arms.begin(), arms.end(), [](const auto& a) { return a.arm == nudged::Arm::kTreatment; }));
  });
  std::vector<std::uint64_t> keys(count);
  const double sort_ms = BestMillis([&] {
    for (std::size_t i = 0; i < count; ++i)
      keys[i] = nudged::HouseholdKey(1, students[i].student_id);
    std::sort(keys.begin(), keys.end());
  });
  std::printf("students: %zu (treated %zu)\n", count, treated);
  std::printf("AssignArms:             %8.1f ms\n", assign_ms);
  std::printf("sort of 64-bit keys:    %8.1f ms (floor)\n", sort_ms);
  std::printf("ratio:                  %8.1f x\n", assign_ms / sort_ms);
  return 0;
}
