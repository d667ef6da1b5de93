// Fixed-point resize coefficients from the reference's exact taps (one definition of the filters).
#include <algorithm>
#include <cmath>

#include "core/error.hpp"
#include "kernels/fixed_point.hpp"
#include "kernels/resize.hpp"
#include "reference/kernels.hpp"

namespace imgbench::kernels {
namespace {

int round_up(int value, int multiple) {
  return (value + multiple - 1) / multiple * multiple;
}

// Windows must start in order (the row ring relies on it) and lie inside the input. The
// reference trims zero taps, so an output centred exactly on an input sample has a one-tap window
// that starts later than its neighbour's: windows are moved left to restore the order, and the
// width grows when a moved window would no longer cover its taps.
std::vector<int> window_starts(const std::vector<reference::Taps>& exact, int in, int taps) {
  std::vector<int> first(exact.size());
  for (std::size_t i = exact.size(); i-- > 0;) {
    first[i] = std::max(0, std::min(exact[i].first, in - taps));
    if (i + 1 < exact.size()) first[i] = std::min(first[i], first[i + 1]);
  }
  return first;
}

bool windows_cover(const std::vector<reference::Taps>& exact, const std::vector<int>& first, int in,
                   int taps) {
  for (std::size_t i = 0; i < exact.size(); ++i) {
    const int end = exact[i].first + static_cast<int>(exact[i].weights.size());
    if (std::min(in, first[i] + taps) < end) return false;
  }
  return true;
}

// Weights of at most 1 use all `max_bits`; an upscale's edge weights (up to about 1.2) need one
// bit less.
int weight_bits_for(const std::vector<reference::Taps>& exact, int max_bits) {
  double largest = 0;
  for (const auto& taps : exact) {
    for (const double weight : taps.weights) largest = std::max(largest, std::abs(weight));
  }
  int bits = max_bits;
  while (largest * std::ldexp(1.0, bits) > 32767) --bits;
  return bits;
}

ResizeAxis make_axis(int in, int out, Filter filter, double start, double span, int max_bits,
                     int taps_multiple) {
  const std::vector<reference::Taps> exact = reference::resample_taps(in, out, filter, start, span);
  ResizeAxis axis;
  axis.in = in;
  axis.out = out;
  axis.weight_bits = weight_bits_for(exact, max_bits);
  std::size_t widest = 1;
  for (const auto& taps : exact) widest = std::max(widest, taps.weights.size());
  axis.taps = round_up(static_cast<int>(widest), taps_multiple);
  axis.first = window_starts(exact, in, axis.taps);
  while (!windows_cover(exact, axis.first, in, axis.taps)) {
    axis.taps += taps_multiple;
    axis.first = window_starts(exact, in, axis.taps);
  }
  axis.weights.assign(static_cast<std::size_t>(out) * axis.taps, 0);
  for (int i = 0; i < out; ++i) {
    const std::vector<std::int16_t> quantized = fixed::quantize(exact[i].weights, axis.weight_bits);
    std::copy(
        quantized.begin(), quantized.end(),
        axis.weights.begin() + static_cast<long>(i) * axis.taps + (exact[i].first - axis.first[i]));
  }
  return axis;
}

}  // namespace

ResizePlan make_resize_plan(int in_width, int in_height, int out_width, int out_height,
                            Filter filter) {
  return make_resize_plan(in_width, in_height, out_width, out_height, filter,
                          {0, 0, static_cast<double>(in_width), static_cast<double>(in_height)});
}

ResizePlan make_resize_plan(int in_width, int in_height, int out_width, int out_height,
                            Filter filter, const SourceWindow& window) {
  if (in_width < 1 || in_height < 1 || out_width < 1 || out_height < 1) {
    throw Error("resize: sizes must be at least 1x1");
  }
  if (window.x < 0 || window.y < 0 || window.width <= 0 || window.height <= 0 ||
      window.x + window.width > in_width || window.y + window.height > in_height) {
    throw Error("resize: the source window must lie inside the input");
  }
  if (filter == Filter::area && (out_width > window.width || out_height > window.height)) {
    throw Error("resize: the area filter only downscales");
  }
  ResizePlan plan;
  plan.filter = filter;
  plan.columns = make_axis(in_width, out_width, filter, window.x, window.width, 14, 4);
  plan.rows = make_axis(in_height, out_height, filter, window.y, window.height, 15, 1);
  return plan;
}

}  // namespace imgbench::kernels
