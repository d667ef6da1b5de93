#pragma once
// The pass/fail criteria. Each operation's thresholds are in its declaration (reference/ops/),
// justified by measurements in reference/SEMANTICS.md ("Tolerances"): they pass every correct
// mapping and fail every known-wrong one. Sequences and fast paths are judged here.
#include <limits>
#include <span>
#include <string>
#include <string_view>

#include "core/operation.hpp"
#include "reference/metrics.hpp"

namespace imgbench::reference {

struct Tolerance {
  static constexpr double kExact = std::numeric_limits<double>::infinity();
  static constexpr double kNotJudged = -std::numeric_limits<double>::infinity();

  double min_psnr = kExact;  // the whole image; infinity: bit-exact
  // The local criteria (metrics.hpp): an error confined to the edges or to one spot must fail
  // whatever the image's size, however little it moves the whole image's PSNR.
  double min_border_psnr = kNotJudged;  // the border band
  double min_tile_psnr = kNotJudged;    // the worst tile
  int border_band = kBorderBand;        // the band's width: how far an edge rule reaches

  bool exact() const { return min_psnr == kExact; }
  bool passes(const Comparison& comparison) const { return shortfall(comparison).empty(); }
  // Which criterion the comparison misses, as "border band 41.20 dB < 42.00 dB"; empty when it
  // passes. The comparison must have been made over this tolerance's border band.
  std::string shortfall(const Comparison& comparison) const;
};

// Compares with the tolerance's border band.
Comparison compare(const Image& expected, const Image& actual, const Tolerance& tolerance);

// For one operation, as its declaration gives it (reference/ops/): the border band as wide as the
// operation's reach (a blur of sigma s reaches about 2 s into the image from an edge).
Tolerance tolerance_for(const Operation& op);

// For a sequence of operations, judged on its final output: each threshold the loosest step's,
// the border band the widest.
Tolerance tolerance_for_sequence(std::span<const Operation> steps);

// For a sequence ending in a JPEG encode, judged on the decoded file against the reference
// sequence's decoded file (once the headers matched).
Tolerance tolerance_for_encoded_sequence();

// For a non-canonical fast path (a crop decoded in part and at a reduced size), judged against
// the reference sequence: a floor that catches another crop, not a measure of exactness.
Tolerance tolerance_for_fast_path();

}  // namespace imgbench::reference
