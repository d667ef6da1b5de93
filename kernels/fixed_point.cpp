#include "kernels/fixed_point.hpp"

#include <cmath>

namespace imgbench::kernels::fixed {

std::vector<std::int16_t> quantize(std::span<const double> weights, int bits) {
  const double one = std::ldexp(1.0, bits);
  std::vector<std::int32_t> scaled(weights.size());
  std::int32_t sum = 0;
  std::size_t largest = 0;
  for (std::size_t k = 0; k < weights.size(); ++k) {
    scaled[k] = static_cast<std::int32_t>(std::lround(weights[k] * one));
    sum += scaled[k];
    if (std::abs(weights[k]) > std::abs(weights[largest])) largest = k;
  }
  if (!scaled.empty()) scaled[largest] += static_cast<std::int32_t>(one) - sum;
  std::vector<std::int16_t> quantized(weights.size());
  std::transform(scaled.begin(), scaled.end(), quantized.begin(), saturate_i16);
  return quantized;
}

}  // namespace imgbench::kernels::fixed
