// Implementation details: households come from union-find over student indices. Rather than a
// hash map from contact id to students, the (contact, student) links are sorted by a 64-bit
// FNV-1a of the contact id, comparing the strings only when two hashes are equal, and students
// of consecutive equal contacts are united: one sort of small records, no per-contact
// allocation. Strata are numbered through a hash map keyed by the stratum values joined with
// NUL (a byte PostgreSQL text never holds, so no two strata can collide); the numbering follows
// input order but only groups households, never decides an arm. Households are bucketed by
// stratum with a counting sort, then each bucket is sorted by (key, id).

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

// One (contact, student) link in 16 bytes: the contact is found again through the student.
struct Link {
  std::uint64_t hash;
  std::uint32_t student;
  std::uint32_t contact;  // index into the student's contact_ids
};

void UniteByContacts(const std::vector<ExperimentStudent>& students, DisjointSets& sets) {
  std::vector<Link> links;
  for (std::uint32_t i = 0; i < students.size(); ++i) {
    const std::vector<std::string>& contacts = students[i].contact_ids;
    for (std::uint32_t k = 0; k < contacts.size(); ++k)
      links.push_back({Fnv1a64(contacts[k]), i, k});
  }
  const auto contact = [&](const Link& link) -> const std::string& {
    return students[link.student].contact_ids[link.contact];
  };
  std::sort(links.begin(), links.end(), [&](const Link& a, const Link& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    return contact(a) < contact(b);
  });
  for (std::size_t i = 1; i < links.size(); ++i) {
    if (links[i].hash == links[i - 1].hash && contact(links[i]) == contact(links[i - 1])) {
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
  std::vector<Household> households;  // one per household
  std::vector<std::string> names;     // display name of each stratum number
  std::vector<std::size_t> sizes;     // households in each stratum
};

// Returns the households (students that are their household's first) with their strata, in
// input order.
Strata GroupHouseholds(const std::vector<ExperimentStudent>& students,
                       const std::vector<std::uint32_t>& firsts, const ExperimentConfig& config) {
  Strata strata;
  std::unordered_map<std::string, std::uint32_t> numbers;
  for (std::uint32_t i = 0; i < students.size(); ++i) {
    if (firsts[i] != i) continue;
    auto [key, name] = StratumOf(students[i], config.stratify_by);
    const auto number = static_cast<std::uint32_t>(strata.names.size());
    const auto [it, added] = numbers.try_emplace(std::move(key), number);
    if (added) {
      strata.names.push_back(std::move(name));
      strata.sizes.push_back(0);
    }
    ++strata.sizes[it->second];
    strata.households.push_back({it->second, HouseholdKey(config.seed, students[i].student_id), i});
  }
  return strata;
}

// Orders the households by stratum number (a counting sort: there are few strata), then each
// stratum by (key, id).
void SortWithinStrata(const std::vector<ExperimentStudent>& students, Strata& strata) {
  std::vector<std::size_t> next(strata.sizes.size(), 0);
  for (std::size_t s = 1; s < next.size(); ++s) next[s] = next[s - 1] + strata.sizes[s - 1];
  std::vector<Household> sorted(strata.households.size());
  for (const Household& h : strata.households) sorted[next[h.stratum]++] = h;
  auto begin = sorted.begin();
  for (std::size_t size : strata.sizes) {
    const auto end = begin + static_cast<std::ptrdiff_t>(size);
    std::sort(begin, end, [&](const Household& a, const Household& b) {
      if (a.key != b.key) return a.key < b.key;
      return students[a.first].student_id < students[b.first].student_id;
    });
    begin = end;
  }
  strata.households = std::move(sorted);
}

}  // namespace

std::string_view ArmName(Arm arm) { return arm == Arm::kTreatment ? "treatment" : "control"; }

std::uint64_t HouseholdKey(std::int64_t seed, std::string_view household_id) {
  return SplitMix64(Fnv1a64(household_id) ^ SplitMix64(static_cast<std::uint64_t>(seed)));
}

std::vector<std::uint32_t> HouseholdFirsts(const std::vector<ExperimentStudent>& students) {
  DisjointSets sets(students.size());
  UniteByContacts(students, sets);
  std::vector<std::uint32_t> firsts(students.size(), kNone);
  // Pass 1 leaves the first student of each household at its root's slot; pass 2 copies it
  // to every member (a root comes before its members: the smaller index is always the root).
  for (std::uint32_t i = 0; i < students.size(); ++i) {
    std::uint32_t& first = firsts[sets.Find(i)];
    if (first == kNone || students[i].student_id < students[first].student_id) first = i;
  }
  for (std::uint32_t i = 0; i < students.size(); ++i) firsts[i] = firsts[sets.Find(i)];
  return firsts;
}

Holdout AssignArms(const std::vector<ExperimentStudent>& students, const ExperimentConfig& config) {
  std::vector<std::uint32_t> firsts(students.size());
  if (config.assign_by_household) {
    firsts = HouseholdFirsts(students);
  } else {
    for (std::uint32_t i = 0; i < students.size(); ++i) firsts[i] = i;
  }
  Strata strata = GroupHouseholds(students, firsts, config);
  SortWithinStrata(students, strata);
  Holdout holdout;
  holdout.students.resize(students.size());
  std::size_t begin = 0;
  // Shape: one pass over the runs of one stratum; each run's head goes to treatment.
  for (std::uint32_t stratum = 0; stratum < strata.names.size(); ++stratum) {
    const std::size_t end = begin + strata.sizes[stratum];
    const auto treated = static_cast<std::size_t>(
        std::llround(config.treatment_share * static_cast<double>(end - begin)));
    for (std::size_t h = begin; h < end; ++h) {
      const Arm arm = h - begin < treated ? Arm::kTreatment : Arm::kControl;
      holdout.students[strata.households[h].first] = {arm, strata.households[h].first, stratum};
    }
    begin = end;
  }
  for (std::uint32_t i = 0; i < students.size(); ++i)
    holdout.students[i] = holdout.students[firsts[i]];
  holdout.strata = std::move(strata.names);
  return holdout;
}

}  // namespace nudged
