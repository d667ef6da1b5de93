#include "reference/tolerances.hpp"

#include <cmath>
#include <string>

#include "core/error.hpp"

namespace imgbench::reference {

bool Tolerance::passes(const Comparison& comparison) const {
  if (!comparison.same_shape) return false;
  if (exact()) return comparison.differing_samples == 0;
  const double psnr = border == 0 ? comparison.psnr : comparison.psnr_interior;
  return !std::isnan(psnr) && psnr >= min_psnr;
}

Tolerance tolerance_for(std::string_view kind) {
  // Bit-exact: every library computes these identically when mapped correctly.
  if (kind == "decode" || kind == "encode" || kind == "rotate90" || kind == "crop") return {};
  // Correct mappings measure >= 49.4 dB, wrong ones <= 37.0 dB on the synthetic images
  // (SEMANTICS.md).
  if (kind == "resize") return {48.0, 0};
  // Correct mappings measure >= 48.8 dB (Pillow's box approximation), wrong ones <= 45.0 dB on
  // the synthetic images (SEMANTICS.md).
  if (kind == "blur") return {48.0, 0};
  throw Error("no tolerance defined for operation '" + std::string(kind) + "'");
}

}  // namespace imgbench::reference
