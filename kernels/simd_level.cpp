#include "kernels/simd_level.hpp"

#include <hwy/highway.h>
#include <hwy/targets.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>

#include "core/error.hpp"

namespace imgbench::kernels {
namespace {

std::atomic<bool> g_scalar{false};

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Highway targets compiled in and supported by this CPU, best first. HWY_SCALAR is left out:
// our own scalar twins are the scalar level.
std::vector<std::int64_t> vector_targets() {
  hwy::DisableTargets(0);  // look at everything, whatever was selected before
  std::vector<std::int64_t> targets;
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    if (target != HWY_SCALAR) targets.push_back(target);
  }
  return targets;
}

}  // namespace

std::vector<std::string> simd_levels() {
  const std::string current = simd_level();
  std::vector<std::string> levels;
  for (const std::int64_t target : vector_targets())
    levels.push_back(lower(hwy::TargetName(target)));
  levels.push_back("scalar");
  select_simd_level(current);  // vector_targets() reset the selection
  return levels;
}

void select_simd_level(const std::string& requested) {
  std::string name = requested;
  if (name.empty()) {
    const char* env = std::getenv("IMGBENCH_SIMD");
    name = env ? env : "";
  }
  name = lower(name);
  const auto targets = vector_targets();
  if (name.empty() || name == "best") {
    g_scalar = targets.empty();
    return;
  }
  if (name == "scalar") {
    g_scalar = true;
    return;
  }
  for (const std::int64_t target : targets) {
    if (lower(hwy::TargetName(target)) == name) {
      // Disable every better target: dynamic dispatch then picks this one.
      std::int64_t better = 0;
      for (const std::int64_t other : targets) better |= other < target ? other : 0;
      hwy::DisableTargets(better);
      g_scalar = false;
      return;
    }
  }
  std::string available;
  for (const std::int64_t target : targets) available += lower(hwy::TargetName(target)) + ", ";
  throw Error("unknown or unavailable SIMD level '" + requested + "' (this machine: " + available +
              "scalar)");
}

std::string simd_level() {
  if (g_scalar) return "scalar";
  for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
    if (target != HWY_SCALAR) return lower(hwy::TargetName(target));  // the best still enabled
  }
  return "scalar";
}

bool scalar_selected() {
  return g_scalar;
}

}  // namespace imgbench::kernels
