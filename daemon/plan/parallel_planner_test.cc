// ParallelPlanner: outcomes reach the writer in the order the students were added, whatever
// the number of workers, and a writer's exception leaves Add or Finish with the workers joined.

#include "plan/parallel_planner.h"

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

#include "config/loader.h"
#include "tests/support/subprocess.h"

namespace nudged {
namespace {

struct Fixture {
  Fixture() {
    const std::string path = testing::SourcePath("config/nudged.example.toml");
    LoadResult loaded = LoadConfigFile(path);
    REQUIRE(loaded.ok());
    config = *loaded.config;
    std::vector<Diagnostic> diagnostics;
    REQUIRE(TemplateSet::Build(config.messages, path, &templates, &diagnostics).ok());
    settings.config = &config;
    settings.templates = &templates;
    settings.opt_outs = &opt_outs;
    settings.rules = MakeContactRules(config.contacts, config.messages, config.district);
    settings.wave = 2;
    settings.wave_date = MakeDate(2026, 11, 10);
    settings.count_through = MakeDate(2026, 11, 6);
    settings.period_first_day = MakeDate(2026, 10, 6);
  }

  // A student enrolled long enough, with no caregiver: one skip row naming the student.
  static StudentSnapshot Student(int i) {
    StudentSnapshot student;
    student.student_id = "S" + std::to_string(i);
    student.school_id = "101";
    student.grade = "05";
    student.entry_date = MakeDate(2026, 9, 8);
    student.days_enrolled = 40;
    student.absences_through = i % 7;
    return student;
  }

  Config config;
  TemplateSet templates;
  OptOuts opt_outs;
  PlanSettings settings;
};

TEST_CASE("ParallelPlanner writes outcomes in the order students were added", "[plan]") {
  Fixture fixture;
  for (int workers : {1, 2, 8}) {
    INFO("workers " << workers);
    std::vector<std::string> written;
    {
      ParallelPlanner planner(fixture.settings, workers,
                              [&](const StudentOutcome& outcome, const Status& status) {
                                REQUIRE(status.ok());
                                REQUIRE(outcome.rows.size() == 1);
                                written.push_back(outcome.rows[0].student_id);
                              });
      for (int i = 0; i < 3000; ++i) {
        StudentSnapshot student = Fixture::Student(i);
        StudentMirror mirror;
        planner.Add(student, mirror);
      }
      planner.Finish();
    }
    REQUIRE(written.size() == 3000);
    for (size_t i = 0; i < written.size(); ++i) REQUIRE(written[i] == "S" + std::to_string(i));
  }
}

TEST_CASE("ParallelPlanner lets a writer's exception out and stops its workers", "[plan]") {
  Fixture fixture;
  int written = 0;
  auto plan_all = [&] {
    ParallelPlanner planner(fixture.settings, 2, [&](const StudentOutcome&, const Status&) {
      if (++written == 700) throw std::runtime_error("writer failed");
    });
    for (int i = 0; i < 3000; ++i) {
      StudentSnapshot student = Fixture::Student(i);
      StudentMirror mirror;
      planner.Add(student, mirror);
    }
    planner.Finish();
  };
  CHECK_THROWS_WITH(plan_all(), "writer failed");
  CHECK(written == 700);
}

}  // namespace
}  // namespace nudged
