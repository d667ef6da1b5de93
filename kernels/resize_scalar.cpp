// The scalar twin of resize_hwy.cpp: the same fixed-point formulas, one sample at a time.
#include "kernels/fixed_point.hpp"
#include "kernels/resize.hpp"
#include "kernels/resize_driver.hpp"

namespace imgbench::kernels {
namespace detail {

// Output pixel x of one input row, resized horizontally into intermediate samples (value * 64).
void resize_pixel_scalar(const ResizeAxis& columns, int x, const std::uint8_t* in, int channels,
                         std::int16_t* out) {
  const int shift = columns.weight_bits - fixed::kIntermediateBits;
  const std::int16_t* weights = columns.weights_of(x);
  const std::uint8_t* source = in + static_cast<std::size_t>(columns.first[x]) * channels;
  const int count = columns.count(x);
  for (int c = 0; c < channels; ++c) {
    std::int32_t sum = 0;
    for (int k = 0; k < count; ++k) sum += weights[k] * source[k * channels + c];
    out[x * channels + c] = fixed::saturate_i16(fixed::round_shift(sum, shift));
  }
}

void resize_row_scalar(const ResizeAxis& columns, const std::uint8_t* in, int channels,
                       std::int16_t* out) {
  for (int x = 0; x < columns.out; ++x) resize_pixel_scalar(columns, x, in, channels, out);
}

void resize_column_scalar(const std::int16_t* const* rows, const std::int16_t* weights, int count,
                          int weight_bits, std::size_t samples, std::size_t begin,
                          std::uint8_t* out) {
  const int shift = vertical_shift(weight_bits);
  for (std::size_t i = begin; i < samples; ++i) {
    std::int16_t sum = 0;  // int16 like the vector lanes; the plan's bounds rule out overflow
    for (int k = 0; k < count; ++k) {
      sum = static_cast<std::int16_t>(sum + fixed::mul_q15(rows[k][i], weights[k]));
    }
    out[i] = fixed::saturate_u8(fixed::round_shift(sum, shift));
  }
}

}  // namespace detail

void resize_scalar(const ResizePlan& plan, const std::uint8_t* in, std::size_t in_stride,
                   int channels, std::uint8_t* out, std::size_t out_stride) {
  const std::size_t samples = static_cast<std::size_t>(plan.columns.out) * channels;
  detail::run_resize(
      plan, channels, 1,
      [&](int row, int, std::int16_t* const* targets) {
        detail::resize_row_scalar(plan.columns, in + static_cast<std::size_t>(row) * in_stride,
                                  channels, targets[0]);
      },
      [&](const std::int16_t* const* rows, const std::int16_t* weights, int count,
          std::uint8_t* out_row) {
        detail::resize_column_scalar(rows, weights, count, plan.rows.weight_bits, samples, 0,
                                     out_row);
      },
      out, out_stride);
}

}  // namespace imgbench::kernels
