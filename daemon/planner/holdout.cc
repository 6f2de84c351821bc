// Implementation details: households come from union-find over student indices. Rather than a
// hash map from contact id to students, the (contact, student) links are sorted by a 64-bit
// FNV-1a of the contact id, comparing the strings only when two hashes are equal, and students
// of consecutive equal contacts are united: one sort of small records, no per-contact
// allocation. Strata are numbered through a hash map keyed by the stratum values joined with
// NUL (a byte PostgreSQL text never holds, so no two strata can collide); the numbering depends
// on input order but only groups households, never orders them. Only households are sorted,
// by (stratum, key, id).

#include "planner/holdout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace nudged {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

std::uint64_t Fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijection that mixes every input bit.
std::uint64_t SplitMix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// Union-find over student indices; the smaller index becomes the root, path halving on find.
class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    for (std::size_t i = 0; i < n; ++i) parent_[i] = static_cast<std::uint32_t>(i);
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  void Union(std::uint32_t a, std::uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::uint32_t> parent_;
};

struct Link {
  std::uint64_t hash;
  std::uint32_t student;
  const std::string* contact;
};

void UniteByContacts(const std::vector<ExperimentStudent>& students, DisjointSets& sets) {
  std::vector<Link> links;
  for (std::size_t i = 0; i < students.size(); ++i) {
    for (const std::string& contact : students[i].contact_ids) {
      links.push_back({Fnv1a64(contact), static_cast<std::uint32_t>(i), &contact});
    }
  }
  std::sort(links.begin(), links.end(), [](const Link& a, const Link& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    return *a.contact < *b.contact;
  });
  for (std::size_t i = 1; i < links.size(); ++i) {
    if (links[i].hash == links[i - 1].hash && *links[i].contact == *links[i - 1].contact) {
      sets.Union(links[i].student, links[i - 1].student);
    }
  }
}

struct Household {
  std::uint32_t stratum;
  std::uint64_t key;
  std::uint32_t first;  // index of the household's first student
};

// Returns the stratum's grouping key (values joined by NUL) and its display name. Validation
// allows only "school" and "grade" in stratify_by.
std::pair<std::string, std::string> StratumOf(const ExperimentStudent& student,
                                              const std::vector<std::string>& stratify_by) {
  std::string key;
  std::string name;
  for (const std::string& field : stratify_by) {
    const std::string& value = field == "school" ? student.school_id : student.grade;
    key += value;
    key.push_back('\0');
    name += (name.empty() ? "" : "/") + value;
  }
  if (stratify_by.empty()) name = "all";
  return {std::move(key), std::move(name)};
}

struct Strata {
  std::vector<Household> households;  // one per household, in input order
  std::vector<std::string> names;     // display name of each stratum number
};

// Returns the households (students that are their household's first) with their strata.
Strata GroupHouseholds(const std::vector<ExperimentStudent>& students,
                       const std::vector<std::uint32_t>& firsts, const ExperimentConfig& config) {
  Strata strata;
  std::unordered_map<std::string, std::uint32_t> numbers;
  for (std::uint32_t i = 0; i < students.size(); ++i) {
    if (firsts[i] != i) continue;
    auto [key, name] = StratumOf(students[i], config.stratify_by);
    const auto number = static_cast<std::uint32_t>(strata.names.size());
    const auto [it, added] = numbers.try_emplace(std::move(key), number);
    if (added) strata.names.push_back(std::move(name));
    strata.households.push_back({it->second, HouseholdKey(config.seed, students[i].student_id), i});
  }
  return strata;
}

// Marks the first round(share x n) households of each stratum run as treated.
std::vector<Arm> ArmsOfSortedHouseholds(const std::vector<Household>& households, double share) {
  std::vector<Arm> arms(households.size(), Arm::kControl);
  std::size_t begin = 0;
  // Shape: one pass over runs of equal stratum; each run's head goes to treatment.
  while (begin < households.size()) {
    std::size_t end = begin;
    while (end < households.size() && households[end].stratum == households[begin].stratum) ++end;
    const auto treated =
        static_cast<std::size_t>(std::llround(share * static_cast<double>(end - begin)));
    std::fill(arms.begin() + static_cast<std::ptrdiff_t>(begin),
              arms.begin() + static_cast<std::ptrdiff_t>(begin + treated), Arm::kTreatment);
    begin = end;
  }
  return arms;
}

}  // namespace

std::string_view ArmName(Arm arm) { return arm == Arm::kTreatment ? "treatment" : "control"; }

std::uint64_t HouseholdKey(std::int64_t seed, std::string_view household_id) {
  return SplitMix64(Fnv1a64(household_id) ^ SplitMix64(static_cast<std::uint64_t>(seed)));
}

std::vector<std::uint32_t> HouseholdFirsts(const std::vector<ExperimentStudent>& students) {
  DisjointSets sets(students.size());
  UniteByContacts(students, sets);
  std::vector<std::uint32_t> first_of_root(students.size(), kNone);
  for (std::uint32_t i = 0; i < students.size(); ++i) {
    std::uint32_t& first = first_of_root[sets.Find(i)];
    if (first == kNone || students[i].student_id < students[first].student_id) first = i;
  }
  std::vector<std::uint32_t> firsts(students.size());
  for (std::uint32_t i = 0; i < students.size(); ++i) firsts[i] = first_of_root[sets.Find(i)];
  return firsts;
}

std::vector<ArmAssignment> AssignArms(const std::vector<ExperimentStudent>& students,
                                      const ExperimentConfig& config) {
  std::vector<std::uint32_t> firsts(students.size());
  if (config.assign_by_household) {
    firsts = HouseholdFirsts(students);
  } else {
    for (std::uint32_t i = 0; i < students.size(); ++i) firsts[i] = i;
  }
  Strata strata = GroupHouseholds(students, firsts, config);
  std::sort(strata.households.begin(), strata.households.end(),
            [&](const Household& a, const Household& b) {
              if (a.stratum != b.stratum) return a.stratum < b.stratum;
              if (a.key != b.key) return a.key < b.key;
              return students[a.first].student_id < students[b.first].student_id;
            });
  const std::vector<Arm> arms = ArmsOfSortedHouseholds(strata.households, config.treatment_share);
  std::vector<std::uint32_t> stratum_of_first(students.size(), kNone);
  std::vector<Arm> arm_of_first(students.size(), Arm::kControl);
  for (std::size_t h = 0; h < strata.households.size(); ++h) {
    stratum_of_first[strata.households[h].first] = strata.households[h].stratum;
    arm_of_first[strata.households[h].first] = arms[h];
  }
  std::vector<ArmAssignment> out(students.size());
  for (std::uint32_t i = 0; i < students.size(); ++i) {
    const std::uint32_t first = firsts[i];
    out[i] = {arm_of_first[first], students[first].student_id,
              strata.names[stratum_of_first[first]]};
  }
  return out;
}

}  // namespace nudged
