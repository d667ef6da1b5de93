#include "reference/metrics.hpp"

#include <algorithm>
#include <array>
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

// One edge's band: the `width` rows at the top or bottom, or the `width` columns at the left or
// right, each the whole length of its edge (the corners belong to two bands). Each edge is judged
// alone: pooled, a wrong rule on one or two edges would be diluted by the others' correct pixels.
struct EdgeBand {
  BorderEdge edge;
  int x0, y0, x1, y1;
};

std::array<EdgeBand, 4> edge_bands(int w, int h, int width) {
  const int across = std::min(width, w), down = std::min(width, h);
  return {{{BorderEdge::top, 0, 0, w, down},
           {BorderEdge::bottom, 0, h - down, w, h},
           {BorderEdge::left, 0, 0, across, h},
           {BorderEdge::right, w - across, 0, w, h}}};
}

// The worst edge's band (the first of them on a tie, in the order top, bottom, left, right).
void find_worst_edge(const Image& expected, const Image& actual, int width, Comparison& result) {
  result.psnr_border = std::numeric_limits<double>::infinity();
  result.border_edge = BorderEdge::none;
  for (const EdgeBand& band : edge_bands(expected.width(), expected.height(), width)) {
    const double psnr = accumulate(expected, actual, band.x0, band.y0, band.x1, band.y1).psnr();
    if (psnr < result.psnr_border) {
      result.psnr_border = psnr;
      result.border_edge = band.edge;
    }
  }
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

std::string_view to_string(BorderEdge edge) {
  switch (edge) {
    case BorderEdge::top: return "top";
    case BorderEdge::bottom: return "bottom";
    case BorderEdge::left: return "left";
    case BorderEdge::right: return "right";
    case BorderEdge::none: break;
  }
  return "";
}

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
  find_worst_edge(expected, actual, std::max(1, border_band), result);
  find_worst_tile(expected, actual, result);
  return result;
}

}  // namespace imgbench::reference
