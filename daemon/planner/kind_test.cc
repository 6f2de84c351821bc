#include "planner/kind.h"

#include <catch2/catch.hpp>

namespace nudged {
namespace {

TEST_CASE("ChooseKind: praise at or under the threshold, else initial then recurring") {
  struct Case {
    int received;
    double period;
    int threshold;
    MessageKind kind;
  };
  const Case cases[] = {
      {0, 0, 1, MessageKind::kPraise},      {0, 1, 1, MessageKind::kPraise},
      {0, 1.5, 1, MessageKind::kInitial},   {0, 2, 1, MessageKind::kInitial},
      {0, 2.5, 1, MessageKind::kInitial},   {1, 0, 1, MessageKind::kPraise},
      {1, 1, 1, MessageKind::kPraise},      {1, 2, 1, MessageKind::kRecurring},
      {3, 2.5, 1, MessageKind::kRecurring}, {2, 0.5, 0, MessageKind::kRecurring},
      {2, 0, 0, MessageKind::kPraise},      {0, 3, 3, MessageKind::kPraise},
  };
  for (const Case& c : cases) {
    CAPTURE(c.received, c.period, c.threshold);
    CHECK(ChooseKind(c.received, c.period, c.threshold) == c.kind);
  }
}

TEST_CASE("ChooseGoal: fixed, derived from the period, or none") {
  struct Case {
    bool enabled;
    int goal_days;
    MessageKind kind;
    double period;
    std::optional<int> goal;
  };
  const Case cases[] = {
      {false, 0, MessageKind::kInitial, 4, std::nullopt},
      {true, 0, MessageKind::kPraise, 1, std::nullopt},
      {true, 2, MessageKind::kRecurring, 9, 2},
      {true, 0, MessageKind::kInitial, 2, 1},
      {true, 0, MessageKind::kInitial, 2.5, 1},
      {true, 0, MessageKind::kInitial, 4, 1},  // the guide's example
      {true, 0, MessageKind::kRecurring, 5, 2},
      {true, 0, MessageKind::kRecurring, 10, 4},
      {true, 0, MessageKind::kRecurring, 1.5, 1},  // threshold 0 lets 1.5 be non-praise
  };
  for (const Case& c : cases) {
    CAPTURE(c.enabled, c.goal_days, c.period);
    MessagesConfig messages;
    messages.goal_enabled = c.enabled;
    messages.goal_days = c.goal_days;
    CHECK(ChooseGoal(messages, c.kind, c.period) == c.goal);
  }
}

TEST_CASE("AverageAbsences: mean to one decimal") {
  struct Case {
    std::vector<double> absences;
    std::optional<double> average;
  };
  const Case cases[] = {
      {{}, std::nullopt},
      {{0}, 0.0},
      {{0, 1, 2, 2.5}, 1.4},  // 5.5 / 4 = 1.375
      {{0, 0, 0, 1}, 0.3},    // 0.25 rounds up
      {{1, 2}, 1.5},
      {{0, 0, 1}, 0.3},  // 0.333...
      {{2, 2, 3}, 2.3},
      {{0.5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, 0.0},  // 0.025
  };
  for (const Case& c : cases) {
    CAPTURE(c.absences);
    CHECK(AverageAbsences(c.absences) == c.average);
  }
}

}  // namespace
}  // namespace nudged
