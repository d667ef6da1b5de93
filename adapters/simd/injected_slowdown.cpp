#include "injected_slowdown.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "core/error.hpp"

namespace imgbench::simd {
namespace {

struct Switch {
  std::string operation;
  double fraction = 0;
};

// Read once: "<operation>:<fraction>", a fraction in (0, 10].
Switch read_switch() {
  const char* value = std::getenv("IMGBENCH_INJECT_SLOWDOWN");
  if (value == nullptr || *value == '\0') return {};
  const std::string text = value;
  const auto colon = text.find(':');
  char* end = nullptr;
  const double fraction =
      colon == std::string::npos ? 0 : std::strtod(text.c_str() + colon + 1, &end);
  if (colon == std::string::npos || end == nullptr || *end != '\0' || !(fraction > 0) ||
      fraction > 10) {
    throw Error("IMGBENCH_INJECT_SLOWDOWN must be <operation>:<fraction>, e.g. blur:0.10, not '" +
                text + "'");
  }
  return {text.substr(0, colon), fraction};
}

const Switch& the_switch() {
  static const Switch configured = read_switch();
  return configured;
}

}  // namespace

void inject_slowdown(std::string_view operation, int rows, const std::function<void(int)>& redo) {
  const Switch& configured = the_switch();
  if (configured.fraction == 0 || configured.operation != operation || rows <= 0) return;
  int extra = static_cast<int>(std::ceil(configured.fraction * rows));  // at least the fraction
  while (extra > 0) {
    const int now = std::min(extra, rows);
    redo(now);
    extra -= now;
  }
}

}  // namespace imgbench::simd
