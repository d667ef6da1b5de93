#include <algorithm>
#include <cmath>

#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "reference/separable.hpp"

namespace imgbench::reference {
namespace {

// Gaussian taps for every sample of an axis of length n, with replicated edges: taps that fall
// outside are folded onto the edge sample, so the weights stay the same and still sum to 1.
std::vector<Taps> gaussian_taps(int n, const std::vector<double>& kernel) {
  const int radius = static_cast<int>(kernel.size() / 2);
  std::vector<Taps> all(static_cast<size_t>(n));
  for (int x = 0; x < n; ++x) {
    const int lo = std::max(0, x - radius);
    const int hi = std::min(n - 1, x + radius);
    Taps& taps = all[x];
    taps.first = lo;
    taps.weights.assign(static_cast<size_t>(hi - lo + 1), 0.0);
    for (int k = -radius; k <= radius; ++k) {
      const int source = std::clamp(x + k, 0, n - 1);
      taps.weights[source - lo] += kernel[k + radius];
    }
  }
  return all;
}

}  // namespace

int gaussian_radius(double sigma) {
  return static_cast<int>(std::ceil(8 * sigma));
}

std::vector<double> gaussian_kernel(double sigma) {
  const int radius = gaussian_radius(sigma);
  std::vector<double> kernel(static_cast<size_t>(2 * radius + 1));
  double sum = 0;
  for (int k = -radius; k <= radius; ++k) {
    kernel[k + radius] = std::exp(-(k * k) / (2 * sigma * sigma));
    sum += kernel[k + radius];
  }
  for (double& w : kernel) w /= sum;
  return kernel;
}

Image blur(const Image& input, const Blur& op) {
  output_shape(Operation{op}, input.shape());
  const std::vector<double> kernel = gaussian_kernel(op.sigma);
  return apply_separable(input, gaussian_taps(input.width(), kernel),
                         gaussian_taps(input.height(), kernel));
}

}  // namespace imgbench::reference
