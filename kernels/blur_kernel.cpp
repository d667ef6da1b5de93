// Fixed-point Gaussian taps from the reference's sampled kernel (one definition of the Gaussian).
#include <cmath>

#include "core/error.hpp"
#include "kernels/blur.hpp"
#include "kernels/fixed_point.hpp"
#include "reference/kernels.hpp"

namespace imgbench::kernels {

BlurKernel make_blur_kernel(double sigma) {
  if (!(sigma > 0) || !std::isfinite(sigma)) throw Error("blur: sigma must be positive");
  const std::vector<double> exact = reference::gaussian_kernel(sigma);
  const int exact_radius = static_cast<int>(exact.size() / 2);
  BlurKernel kernel;
  kernel.sigma = sigma;
  kernel.weights.push_back(0);  // the centre, set last
  std::int32_t sides = 0;
  for (int k = 1; k <= exact_radius; ++k) {
    const auto weight = static_cast<std::int32_t>(std::lround(exact[exact_radius + k] * 32768));
    if (weight == 0) break;  // the Gaussian only decreases from here
    kernel.weights.push_back(static_cast<std::int16_t>(weight));
    sides += weight;
  }
  kernel.radius = static_cast<int>(kernel.weights.size()) - 1;
  kernel.weights[0] = fixed::saturate_i16(32768 - 2 * sides);
  return kernel;
}

}  // namespace imgbench::kernels
