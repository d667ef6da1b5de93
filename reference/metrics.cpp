#include "reference/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <vector>

namespace imgbench::reference {
namespace {

struct Sums {
  double squared = 0;
  double signed_sum = 0;
  std::uint64_t samples = 0;
  std::uint64_t differing = 0;
  int max_diff = 0;

  double psnr() const { return psnr_from_mse(squared / static_cast<double>(samples)); }
};

// Sums over the rectangle [x0, x1) x [y0, y1).
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

void add(Sums& total, const Sums& part) {
  total.squared += part.squared;
  total.samples += part.samples;
}

// The band: whole rows within `width` of the top or bottom, and the `width` columns at each side
// of the rows between them.
double border_psnr(const Image& expected, const Image& actual, int width) {
  const int w = expected.width(), h = expected.height();
  const int left = std::min(width, w), right = std::max(left, w - width);
  Sums band;
  for (int y = 0; y < h; ++y) {
    if (y < width || y >= h - width) {
      add(band, accumulate(expected, actual, 0, y, w, y + 1));
    } else {
      add(band, accumulate(expected, actual, 0, y, left, y + 1));
      add(band, accumulate(expected, actual, right, y, w, y + 1));
    }
  }
  return band.psnr();
}

// Tile origins along one side: every kTile, the last one flush with the far edge, so that every
// tile has the full size (an edge tile clipped to a sliver would judge a few samples alone).
std::vector<int> tile_origins(int length) {
  std::vector<int> origins;
  const int last = std::max(0, length - kTile);
  for (int origin = 0; origin < last; origin += kTile) origins.push_back(origin);
  origins.push_back(last);
  return origins;
}

void find_worst_tile(const Image& expected, const Image& actual, Comparison& result) {
  result.psnr_tile = std::numeric_limits<double>::infinity();
  const int w = expected.width(), h = expected.height();
  for (const int y : tile_origins(h)) {
    for (const int x : tile_origins(w)) {
      const double psnr =
          accumulate(expected, actual, x, y, std::min(w, x + kTile), std::min(h, y + kTile)).psnr();
      if (psnr < result.psnr_tile) {
        result.psnr_tile = psnr;
        result.tile_x = x;
        result.tile_y = y;
      }
    }
  }
}

}  // namespace

double psnr_from_mse(double mse) {
  if (mse == 0) return std::numeric_limits<double>::infinity();
  return 10 * std::log10(255.0 * 255.0 / mse);
}

Comparison compare_whole(const Image& expected, const Image& actual) {
  Comparison result;
  result.same_shape = expected.shape() == actual.shape();
  if (!result.same_shape) {
    result.psnr = result.psnr_border = result.psnr_tile = -std::numeric_limits<double>::infinity();
    result.max_diff = 255;
    return result;
  }
  const Sums full = accumulate(expected, actual, 0, 0, expected.width(), expected.height());
  result.psnr = full.psnr();
  result.max_diff = full.max_diff;
  result.mean_error = full.signed_sum / static_cast<double>(full.samples);
  result.differing_samples = full.differing;
  result.psnr_border = result.psnr_tile = std::numeric_limits<double>::quiet_NaN();
  return result;
}

Comparison compare(const Image& expected, const Image& actual, int border_band) {
  Comparison result = compare_whole(expected, actual);
  if (!result.same_shape) return result;
  if (result.differing_samples == 0) {  // identical: every region is too
    result.psnr_border = result.psnr_tile = result.psnr;
    return result;
  }
  result.psnr_border = border_psnr(expected, actual, std::max(1, border_band));
  find_worst_tile(expected, actual, result);
  return result;
}

}  // namespace imgbench::reference
