#pragma once
// The pass/fail thresholds, one per operation family. Each value is justified by measurements
// in reference/SEMANTICS.md ("Tolerances"): it passes every correct mapping and fails every
// known-wrong one.
#include <limits>
#include <span>
#include <string_view>

#include "reference/metrics.hpp"

namespace imgbench::reference {

struct Tolerance {
  double min_psnr = std::numeric_limits<double>::infinity();  // infinity: bit-exact
  int border = 0;  // pixels excluded at each edge before the check (0: the full image)

  bool exact() const { return min_psnr == std::numeric_limits<double>::infinity(); }
  bool passes(const Comparison& comparison) const;
};

// For an operation family: "decode", "encode", "rotate90", "resize", "blur", "crop".
Tolerance tolerance_for(std::string_view kind);

// For a sequence of operations (families, in order), judged on its final output.
Tolerance tolerance_for_sequence(std::span<const std::string_view> kinds);

// For a sequence ending in a JPEG encode, judged on the decoded file against the reference
// sequence's decoded file (once the headers matched).
Tolerance tolerance_for_encoded_sequence();

// For a non-canonical fast path (a crop decoded in part and at a reduced size), judged against
// the reference sequence: a floor that catches another crop, not a measure of exactness.
Tolerance tolerance_for_fast_path();

}  // namespace imgbench::reference
