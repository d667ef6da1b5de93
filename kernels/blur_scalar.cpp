// The scalar twin of blur_hwy.cpp: the same fixed-point formulas, one sample at a time.
#include "kernels/blur.hpp"
#include "kernels/blur_driver.hpp"
#include "kernels/fixed_point.hpp"

namespace imgbench::kernels {
namespace detail {
namespace {

// Symmetric taps share one multiply: the two samples are added first, saturating like the
// vector code (the kernel's bounds keep the sum below 32767 anyway).
std::int16_t pair_sum(std::int16_t a, std::int16_t b) {
  return fixed::saturate_i16(a + b);
}

}  // namespace

void blur_row_scalar(const std::int16_t* row, const BlurKernel& kernel, int channels,
                     std::size_t samples, std::size_t begin, std::int16_t* out) {
  for (std::size_t i = begin; i < samples; ++i) {
    std::int16_t sum = fixed::mul_q15(row[i], kernel.weights[0]);
    for (int k = 1; k <= kernel.radius; ++k) {
      const auto at = static_cast<std::ptrdiff_t>(i);
      const std::ptrdiff_t offset = static_cast<std::ptrdiff_t>(k) * channels;
      const std::int16_t pair = pair_sum(row[at - offset], row[at + offset]);
      sum = static_cast<std::int16_t>(sum + fixed::mul_q15(pair, kernel.weights[k]));
    }
    out[i] = sum;
  }
}

void blur_column_scalar(const std::int16_t* const* centre, const BlurKernel& kernel,
                        std::size_t samples, std::size_t begin, std::uint8_t* out) {
  for (std::size_t i = begin; i < samples; ++i) {
    std::int16_t sum = fixed::mul_q15(centre[0][i], kernel.weights[0]);
    for (int k = 1; k <= kernel.radius; ++k) {
      const std::int16_t pair = pair_sum(centre[-k][i], centre[k][i]);
      sum = static_cast<std::int16_t>(sum + fixed::mul_q15(pair, kernel.weights[k]));
    }
    out[i] = fixed::saturate_u8(fixed::round_shift(sum, fixed::kIntermediateBits));
  }
}

}  // namespace detail

void blur_scalar(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
                 int height, int channels, std::uint8_t* out, std::size_t out_stride) {
  const std::size_t samples = static_cast<std::size_t>(width) * channels;
  detail::run_blur(
      kernel, in, in_stride, width, height, channels, detail::widen_row_scalar,
      [&](const std::int16_t* row, std::int16_t* out_row) {
        detail::blur_row_scalar(row, kernel, channels, samples, 0, out_row);
      },
      [&](const std::int16_t* const* centre, int rows, std::uint8_t* out_row, std::size_t stride) {
        for (int j = 0; j < rows; ++j) {
          detail::blur_column_scalar(centre + j, kernel, samples, 0, out_row + j * stride);
        }
      },
      out, out_stride);
}

}  // namespace imgbench::kernels
