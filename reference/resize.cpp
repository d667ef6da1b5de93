#include <algorithm>
#include <cmath>
#include <numbers>

#include "core/error.hpp"
#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "reference/separable.hpp"

namespace imgbench::reference {
namespace {

// Exactly 0 at non-zero integers, so that a same-size resize is an exact copy.
double sinc(double x) {
  if (x == std::round(x)) return x == 0 ? 1 : 0;
  const double px = std::numbers::pi * x;
  return std::sin(px) / px;
}

// Catmull-Rom: the cubic convolution kernel with a = -0.5.
double catmull_rom(double x) {
  constexpr double a = -0.5;
  x = std::abs(x);
  if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
  if (x < 2) return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a;
  return 0;
}

// Length of the intersection of [a0, a1) and [b0, b1).
double overlap(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

}  // namespace

double filter_support(Filter filter) {
  switch (filter) {
    case Filter::bilinear: return 1;
    case Filter::bicubic: return 2;
    case Filter::lanczos3: return 3;
    case Filter::area: return 0.5;
  }
  return 0;
}

double filter_kernel(Filter filter, double x) {
  switch (filter) {
    case Filter::bilinear: return std::max(0.0, 1 - std::abs(x));
    case Filter::bicubic: return catmull_rom(x);
    case Filter::lanczos3: return std::abs(x) < 3 ? sinc(x) * sinc(x / 3) : 0;
    case Filter::area: return std::abs(x) <= 0.5 ? 1 : 0;  // not used: area integrates exactly
  }
  return 0;
}

std::vector<Taps> resample_taps(int in, int out, Filter filter) {
  return resample_taps(in, out, filter, 0, in);
}

std::vector<Taps> resample_taps(int in, int out, Filter filter, double start, double span) {
  const double scale = span / out;            // input pixels per output pixel
  const double widen = std::max(scale, 1.0);  // antialiasing: stretch the kernel
  const double support = filter_support(filter) * widen;
  std::vector<Taps> all(static_cast<size_t>(out));
  for (int x = 0; x < out; ++x) {
    const double centre = start + (x + 0.5) * scale;
    const int lo = std::max(0, static_cast<int>(std::floor(centre - support)));
    const int hi = std::min(in, static_cast<int>(std::ceil(centre + support)));
    std::vector<double> weights;
    for (int i = lo; i < hi; ++i) {
      // Area weights are the exact coverage of input pixel [i, i+1) by the output footprint
      // [start + x*scale, start + (x+1)*scale): fractional at both ends, so no tie-breaking is
      // ever needed.
      weights.push_back(filter == Filter::area
                            ? overlap(i, i + 1.0, centre - scale / 2, centre + scale / 2)
                            : filter_kernel(filter, (i + 0.5 - centre) / widen));
    }
    // Drop zero taps at both ends so that `first` is the first input pixel that contributes.
    size_t begin = 0, end = weights.size();
    while (begin < end && weights[begin] == 0) ++begin;
    while (end > begin && weights[end - 1] == 0) --end;
    Taps& taps = all[x];
    taps.first = lo + static_cast<int>(begin);
    taps.weights.assign(weights.begin() + static_cast<long>(begin),
                        weights.begin() + static_cast<long>(end));
    double sum = 0;
    for (double w : taps.weights) sum += w;
    if (sum == 0) throw Error("resize: no input pixel contributes to an output pixel");
    for (double& w : taps.weights) w /= sum;
  }
  return all;
}

Image resize(const Image& input, const Resize& op) {
  output_shape(Operation{op}, input.shape());
  return apply_separable(input, resample_taps(input.width(), op.width, op.filter),
                         resample_taps(input.height(), op.height, op.filter));
}

}  // namespace imgbench::reference
