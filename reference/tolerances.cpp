#include "reference/tolerances.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "reference/operations.hpp"

namespace imgbench::reference {
namespace {

std::string below(const char* region, double psnr, double threshold) {
  char text[96];
  std::snprintf(text, sizeof text, "%s %.2f dB < %.2f dB", region, psnr, threshold);
  return text;
}

}  // namespace

std::string Tolerance::shortfall(const Comparison& comparison) const {
  if (!comparison.same_shape) return "shape differs";
  if (exact()) {
    return comparison.differing_samples == 0
               ? ""
               : std::to_string(comparison.differing_samples) + " samples differ (exact required)";
  }
  // NaN never passes: a comparison that could not be measured is not a pass.
  if (!(comparison.psnr >= min_psnr)) return below("PSNR", comparison.psnr, min_psnr);
  if (!(comparison.psnr_border >= min_border_psnr)) {
    const std::string edge(to_string(comparison.border_edge));
    return below((edge.empty() ? "border band" : edge + " border band").c_str(),
                 comparison.psnr_border, min_border_psnr);
  }
  if (!(comparison.psnr_tile >= min_tile_psnr)) {
    return below("worst tile", comparison.psnr_tile, min_tile_psnr) + " at (" +
           std::to_string(comparison.tile_x) + ", " + std::to_string(comparison.tile_y) + ")";
  }
  return "";
}

Comparison compare(const Image& expected, const Image& actual, const Tolerance& tolerance) {
  return compare(expected, actual, tolerance.border_band);
}

Tolerance tolerance_for(const Operation& op) {
  return definition_of(op).tolerance(op);
}

Tolerance tolerance_for_sequence(std::span<const Operation> steps) {
  // The loosest step's, per criterion: the steps' errors do not add up to anything near it (every
  // exact cycle passes before the encode on the quick suite's photo-path, SEMANTICS.md).
  // Only filtering steps have local thresholds; with none, the sequence is exact.
  Tolerance loosest{Tolerance::kExact, Tolerance::kExact, Tolerance::kExact, 0};
  bool filters = false;
  for (const Operation& op : steps) {
    const Tolerance step = tolerance_for(op);
    if (step.exact()) continue;
    filters = true;
    loosest.min_psnr = std::min(loosest.min_psnr, step.min_psnr);
    loosest.min_border_psnr = std::min(loosest.min_border_psnr, step.min_border_psnr);
    loosest.min_tile_psnr = std::min(loosest.min_tile_psnr, step.min_tile_psnr);
    loosest.border_band = std::max(loosest.border_band, step.border_band);
  }
  if (!filters) return {};
  return loosest;
}

Tolerance tolerance_for_encoded_sequence() {
  // JPEG quantisation turns sub-LSB differences into whole-block changes: correct mappings
  // measure >= 41.4 dB (SEMANTICS.md). The headers are compared field by field before this, and
  // the image before the encode was already judged locally, so no local criterion here.
  return {38.0};
}

Tolerance tolerance_for_fast_path() {
  // The simd adapter's partial decode with DCT scaling (a crop at least 4x the window) measures
  // 36.9 dB whole, 36.3 dB in the border band and 28.4 dB in the worst tile in the synthetic test
  // of tests/test_adapters.cpp, where the scaling differs most from the canonical filter
  // (SEMANTICS.md, "crop batch"); without scaling, as in the suite's batches, it is the full
  // decode's pixels. The floors catch another crop or a misplaced edge, not a small difference.
  return {30.0, 30.0, 24.0};
}

}  // namespace imgbench::reference
