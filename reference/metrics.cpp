#include "reference/metrics.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace imgbench::reference {
namespace {

struct Sums {
  double squared = 0;
  double signed_sum = 0;
  std::uint64_t samples = 0;
  std::uint64_t differing = 0;
  int max_diff = 0;
};

Sums accumulate(const Image& expected, const Image& actual, int x0, int y0, int x1, int y1) {
  Sums sums;
  const int channels = expected.channels();
  for (int y = y0; y < y1; ++y) {
    const std::uint8_t* e = expected.row(y);
    const std::uint8_t* a = actual.row(y);
    for (int i = x0 * channels; i < x1 * channels; ++i) {
      const int d = a[i] - e[i];
      sums.squared += static_cast<double>(d) * d;
      sums.signed_sum += d;
      sums.differing += d != 0;
      sums.max_diff = std::max(sums.max_diff, std::abs(d));
    }
    sums.samples += static_cast<std::uint64_t>(x1 - x0) * channels;
  }
  return sums;
}

}  // namespace

double psnr_from_mse(double mse) {
  if (mse == 0) return std::numeric_limits<double>::infinity();
  return 10 * std::log10(255.0 * 255.0 / mse);
}

Comparison compare(const Image& expected, const Image& actual, int border) {
  Comparison result;
  result.same_shape = expected.shape() == actual.shape();
  if (!result.same_shape) {
    result.psnr = result.psnr_interior = -std::numeric_limits<double>::infinity();
    result.max_diff = 255;
    return result;
  }
  const Sums full = accumulate(expected, actual, 0, 0, expected.width(), expected.height());
  result.psnr = psnr_from_mse(full.squared / static_cast<double>(full.samples));
  result.max_diff = full.max_diff;
  result.mean_error = full.signed_sum / static_cast<double>(full.samples);
  result.differing_samples = full.differing;
  if (border == 0) {
    result.psnr_interior = result.psnr;
  } else if (2 * border >= expected.width() || 2 * border >= expected.height()) {
    result.psnr_interior = std::numeric_limits<double>::quiet_NaN();
  } else {
    const Sums inner = accumulate(expected, actual, border, border, expected.width() - border,
                                  expected.height() - border);
    result.psnr_interior = psnr_from_mse(inner.squared / static_cast<double>(inner.samples));
  }
  return result;
}

}  // namespace imgbench::reference
