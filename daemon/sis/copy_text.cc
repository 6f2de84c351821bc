// Implementation details: a single left-to-right pass; a field ends at an unescaped tab. "\N" is
// NULL only when it is the whole field (PostgreSQL writes a literal backslash-N inside a value
// as "\\N"). Unknown escapes keep the escaped character, as COPY FROM does.

#include "sis/copy_text.h"

namespace nudged {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Appends the character escaped at line[*i] (just after a backslash) and advances *i past it.
void Unescape(std::string_view line, size_t* i, std::string* out) {
  const char c = line[*i];
  ++*i;
  switch (c) {
    case 'b':
      *out += '\b';
      return;
    case 'f':
      *out += '\f';
      return;
    case 'n':
      *out += '\n';
      return;
    case 'r':
      *out += '\r';
      return;
    case 't':
      *out += '\t';
      return;
    case 'v':
      *out += '\v';
      return;
    default:
      break;
  }
  if (c >= '0' && c <= '7') {
    int value = c - '0';
    for (int n = 0; n < 2 && *i < line.size() && line[*i] >= '0' && line[*i] <= '7'; ++n, ++*i) {
      value = value * 8 + (line[*i] - '0');
    }
    *out += static_cast<char>(value);
  } else if (c == 'x' && *i < line.size() && HexValue(line[*i]) >= 0) {
    int value = HexValue(line[(*i)++]);
    if (*i < line.size() && HexValue(line[*i]) >= 0) value = value * 16 + HexValue(line[(*i)++]);
    *out += static_cast<char>(value);
  } else {
    *out += c;
  }
}

}  // namespace

void ParseCopyLine(std::string_view line, std::vector<std::optional<std::string>>* fields) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  size_t count = 0;
  size_t i = 0;
  // Shape: one iteration per field; the inner loop consumes it up to the next unescaped tab,
  // copying runs without a backslash whole. The fields' strings from the previous line are
  // reused, so a steady stream allocates nothing.
  while (true) {
    if (count == fields->size()) fields->emplace_back();
    std::optional<std::string>& field = (*fields)[count++];
    if (!field) field.emplace();
    std::string& value = *field;
    value.clear();
    const size_t start = i;
    while (i < line.size() && line[i] != '\t') {
      size_t stop = i;
      while (stop < line.size() && line[stop] != '\t' && line[stop] != '\\') ++stop;
      value.append(line, i, stop - i);
      i = stop;
      if (i < line.size() && line[i] == '\\') {
        if (i + 1 < line.size()) {
          ++i;
          Unescape(line, &i, &value);
        } else {
          value += line[i++];
        }
      }
    }
    if (line.substr(start, i - start) == "\\N") field.reset();
    if (i >= line.size()) break;
    ++i;  // the tab
  }
  fields->resize(count);
}

}  // namespace nudged
