// Implementation details: a SplitMix64 sequence drives every choice, so the students do not
// depend on the standard library's random engines. Student ids are zero-padded so that byte
// order is numeric order; a sibling links to one of the previous 50 students.

#include "tests/support/synthetic_students.h"

#include <algorithm>
#include <string>

namespace nudged::testing {
namespace {

class Sequence {
 public:
  explicit Sequence(std::uint64_t seed) : state_(seed) {}
  // Returns a value in [0, bound).
  std::uint64_t Below(std::uint64_t bound) {
    state_ += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (z ^ (z >> 31)) % bound;
  }

 private:
  std::uint64_t state_;
};

std::string Padded(std::size_t n) {
  std::string digits = std::to_string(n);
  return std::string(digits.size() < 8 ? 8 - digits.size() : 0, '0') + digits;
}

}  // namespace

std::vector<ExperimentStudent> SyntheticStudents(std::size_t count, std::uint64_t seed) {
  constexpr std::uint64_t kSchools = 3;
  constexpr std::uint64_t kGrades = 5;
  constexpr std::size_t kSiblingWindow = 50;
  Sequence random(seed);
  std::vector<ExperimentStudent> students(count);
  for (std::size_t i = 0; i < count; ++i) {
    ExperimentStudent& s = students[i];
    s.student_id = "S" + Padded(i);
    s.school_id = "school-" + std::to_string(random.Below(kSchools) + 1);
    s.grade = std::to_string(random.Below(kGrades) + 1);
    s.contact_ids.push_back("C" + Padded(i));
    if (random.Below(2) == 0) s.contact_ids.push_back("C" + Padded(i) + "b");
    if (i > 0 && random.Below(5) == 0) {
      const std::size_t window = std::min(i, kSiblingWindow);
      const ExperimentStudent& sibling = students[i - 1 - random.Below(window)];
      s.contact_ids.push_back(sibling.contact_ids.front());
      if (random.Below(10) < 7) s.school_id = sibling.school_id;
    }
  }
  return students;
}

}  // namespace nudged::testing
