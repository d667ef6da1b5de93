// Fixed-point Gaussian taps from the reference's sampled kernel (one definition of the Gaussian).
#include <cmath>

#include "core/error.hpp"
#include "kernels/blur.hpp"
#include "kernels/fixed_point.hpp"
#include "reference/kernels.hpp"

namespace imgbench::kernels {

namespace {

void check_sigma(double sigma) {
  if (!(sigma > 0) || !std::isfinite(sigma)) throw Error("blur: sigma must be positive");
}

// The kernel from the exact taps (reference::gaussian_kernel(sigma)), cut at `radius`.
BlurKernel cut_kernel(double sigma, const std::vector<double>& exact, int radius) {
  const int exact_radius = static_cast<int>(exact.size() / 2);
  if (radius < 0 || radius > exact_radius) throw Error("blur: radius out of the kernel's reach");
  BlurKernel kernel;
  kernel.sigma = sigma;
  kernel.radius = radius;
  kernel.weights.assign(static_cast<std::size_t>(radius) + 1, 0);
  std::int32_t sides = 0;
  for (int k = 1; k <= radius; ++k) {
    kernel.weights[k] = static_cast<std::int16_t>(std::lround(exact[exact_radius + k] * 32768));
    sides += kernel.weights[k];
  }
  kernel.weights[0] = fixed::saturate_i16(32768 - 2 * sides);  // the tails fold into the centre
  return kernel;
}

}  // namespace

BlurKernel make_blur_kernel(double sigma) {
  check_sigma(sigma);
  const std::vector<double> exact = reference::gaussian_kernel(sigma);
  const int exact_radius = static_cast<int>(exact.size() / 2);
  // The radius: the shortest whose left-out tails weigh at most kDroppedMass together.
  std::vector<double> tail(static_cast<std::size_t>(exact_radius) + 2, 0.0);  // tail[k]: k..end
  for (int k = exact_radius; k >= 0; --k) tail[k] = tail[k + 1] + exact[exact_radius + k];
  int radius = 0;
  while (radius < exact_radius && 2 * tail[radius + 1] > kDroppedMass) ++radius;
  return cut_kernel(sigma, exact, radius);
}

BlurKernel make_blur_kernel(double sigma, int radius) {
  check_sigma(sigma);
  return cut_kernel(sigma, reference::gaussian_kernel(sigma), radius);
}

}  // namespace imgbench::kernels
