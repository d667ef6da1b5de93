#pragma once
// A separable filter in double precision: horizontal pass, then vertical, no rounding between.
#include <vector>

#include "core/image.hpp"
#include "reference/kernels.hpp"

namespace imgbench::reference {

// Applies `columns` taps along x (one per output column) and then `rows` taps along y.
// Every tap index must lie inside the input; callers clamp or clip beforehand.
Image apply_separable(const Image& input, const std::vector<Taps>& columns,
                      const std::vector<Taps>& rows);

}  // namespace imgbench::reference
