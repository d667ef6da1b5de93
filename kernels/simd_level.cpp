#include "kernels/simd_level.hpp"

#include <hwy/highway.h>
#include <hwy/targets.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdlib>
#include <mutex>
#include <utility>

#include "core/error.hpp"

namespace imgbench::kernels {
namespace {

std::atomic<bool> g_scalar{false};
std::mutex g_selection;  // one selection at a time; Highway's mask is process-wide
std::string g_level;     // the level selected last ("" before any selection); under g_selection

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Highway targets compiled in and supported by this CPU, best first, read once before any
// selection narrows them. HWY_SCALAR is left out: our own scalar twins are the scalar level.
const std::vector<std::int64_t>& vector_targets() {
  static const std::vector<std::int64_t> targets = [] {
    std::vector<std::int64_t> found;
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
      if (target != HWY_SCALAR) found.push_back(target);
    }
    return found;
  }();
  return targets;
}

}  // namespace

std::vector<std::string> simd_levels() {
  std::vector<std::string> levels;
  for (const std::int64_t target : vector_targets())
    levels.push_back(lower(hwy::TargetName(target)));
  levels.push_back("scalar");
  return levels;
}

std::vector<std::string> compiled_simd_levels() {
  // HWY_TARGETS: the targets foreach_target.h compiled, one bit each (better ones lower). EMU128
  // and SCALAR are Highway's fallbacks; our scalar twins stand for them.
  std::vector<std::string> levels;
  for (int bit = 0; bit < 63; ++bit) {
    const std::int64_t target = std::int64_t{1} << bit;
    if ((HWY_TARGETS & target) && target != HWY_SCALAR && target != HWY_EMU128) {
      levels.push_back(lower(hwy::TargetName(target)));
    }
  }
  levels.push_back("scalar");
  return levels;
}

void select_simd_level(const std::string& requested) {
  std::string name = requested;
  if (name.empty()) {
    const char* env = std::getenv("IMGBENCH_SIMD");
    name = env ? env : "";
  }
  name = lower(name);
  const auto& targets = vector_targets();
  const std::lock_guard lock(g_selection);
  if (name.empty() || name == "best" || name == "scalar") {
    hwy::DisableTargets(0);
    g_scalar = name == "scalar" || targets.empty();
    g_level = g_scalar ? "scalar" : lower(hwy::TargetName(targets.front()));
    return;
  }
  for (const std::int64_t target : targets) {
    if (lower(hwy::TargetName(target)) == name) {
      // Disable every better target: dynamic dispatch then picks this one.
      std::int64_t better = 0;
      for (const std::int64_t other : targets) better |= other < target ? other : 0;
      hwy::DisableTargets(better);
      g_scalar = false;
      g_level = name;
      return;
    }
  }
  std::string available;
  for (const auto& level : simd_levels()) available += (available.empty() ? "" : ", ") + level;
  throw Error("unknown or unavailable SIMD level '" + name + "'" +
              (requested.empty() ? " (from IMGBENCH_SIMD)" : "") + " (this machine: " + available +
              ")");
}

std::string simd_level() {
  // Our own record, not hwy::SupportedAndGeneratedTargets(): in Highway 1.0, asking it for the
  // supported targets resets the dispatch to every target the CPU has, undoing the selection
  // (the kernels then ran at AVX2 while this said sse4).
  const std::lock_guard lock(g_selection);
  if (!g_level.empty()) return g_level;
  const auto& targets = vector_targets();
  return targets.empty() ? "scalar" : lower(hwy::TargetName(targets.front()));
}

std::string simd_target_name(const std::string& level) {
  static const std::pair<const char*, const char*> kNames[] = {
      {"scalar", "scalar"},
      {"ssse3", "SSSE3"},
      {"sse4", "SSE4"},
      {"avx2", "AVX2"},
      {"avx3", "AVX-512"},
      {"avx3_dl", "AVX-512 VBMI"},  // Ice Lake, Zen 4: AVX-512 with the byte permutes
      {"neon", "NEON"},
      {"sve", "SVE"},
      {"sve2", "SVE2"},
      {"sve_256", "SVE (256-bit)"},
      {"sve2_128", "SVE2 (128-bit)"},
  };
  for (const auto& [name, target] : kNames) {
    if (level == name) return target;
  }
  std::string upper = level;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

bool scalar_selected() {
  return g_scalar;
}

}  // namespace imgbench::kernels
