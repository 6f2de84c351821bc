// libFuzzer target for the configuration loader: any byte string must load or be reported,
// never crash, hang, leak or throw. Built only with -DNUDGED_FUZZ=ON (clang).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const nudged::LoadResult result = nudged::LoadConfigString(text, "fuzz.toml");
  for (const nudged::Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.ToString().empty()) __builtin_trap();
  }
  if (result.ok() != result.config.has_value()) __builtin_trap();
  return 0;
}
