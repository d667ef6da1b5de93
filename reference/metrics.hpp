#pragma once
// Image comparison metrics. PSNR is over all samples of all channels with peak 255; identical
// images give +infinity.
#include <cstdint>

#include "core/image.hpp"

namespace imgbench::reference {

struct Comparison {
  bool same_shape = false;
  double psnr = 0;           // full image
  double psnr_interior = 0;  // `border` pixels excluded at every edge (= psnr when border is 0)
  int max_diff = 0;          // largest absolute sample difference, full image
  double mean_error = 0;     // mean of (actual - expected): a bias shows truncation
  std::uint64_t differing_samples = 0;
};

double psnr_from_mse(double mse);

// Compares `actual` with `expected`. Different shapes give same_shape = false and PSNR -inf.
// The interior is empty when the border covers the image; psnr_interior is then NaN.
Comparison compare(const Image& expected, const Image& actual, int border = 0);

}  // namespace imgbench::reference
