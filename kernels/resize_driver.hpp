#pragma once
// The row schedule shared by the resize kernel and its scalar twin: output rows in order, each
// reading a window of horizontally resized input rows from a ring buffer. Input rows are resized
// horizontally only when a window first needs them, `group` rows at a time (the SIMD kernel
// resizes several rows per vector), and never twice.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/fixed_point.hpp"
#include "kernels/resize.hpp"
#include "kernels/scratch.hpp"

namespace imgbench::kernels::detail {

// Extra int16 samples after each intermediate row: vector loops may read and write one full
// vector (up to 64 bytes) past the last sample.
inline constexpr std::size_t kRowSlack = 64;

// The scalar formulas, also used by the SIMD kernel for what its vectors do not cover (1-channel
// images, windows too close to the end of a row, the tail of a row).
void resize_pixel_scalar(const ResizeAxis& columns, int x, const std::uint8_t* in, int channels,
                         std::int16_t* out);
void resize_row_scalar(const ResizeAxis& columns, const std::uint8_t* in, int channels,
                       std::int16_t* out);
void resize_column_scalar(const std::int16_t* const* rows, const std::int16_t* weights, int count,
                          int weight_bits, std::size_t samples, std::size_t begin,
                          std::uint8_t* out);

// MulFixedPoint15 leaves 15 - weight_bits fewer fraction bits than the intermediate rows had.
inline int vertical_shift(int weight_bits) {
  return fixed::kIntermediateBits - (15 - weight_bits);
}

// horizontal(first_row, count, int16_t* const* rows): resizes input rows
//   [first_row, first_row + count), count <= group, into rows[0 .. count).
// vertical(const int16_t* const* rows, const int16_t* weights, int count, uint8_t* out_row).
template <class Horizontal, class Vertical>
void run_resize(const ResizePlan& plan, int channels, int group, Horizontal&& horizontal,
                Vertical&& vertical, std::uint8_t* out, std::size_t out_stride) {
  const ResizeAxis& rows = plan.rows;
  const std::size_t row_samples = static_cast<std::size_t>(plan.columns.out) * channels + kRowSlack;
  const int capacity = rows.taps + group;
  std::int16_t* const ring = scratch(ScratchSlot::ring, row_samples * capacity);
  auto ring_row = [&](int input_row) {
    return ring + static_cast<std::size_t>(input_row % capacity) * row_samples;
  };
  std::vector<std::int16_t*> targets(static_cast<std::size_t>(group));
  std::vector<const std::int16_t*> window(static_cast<std::size_t>(rows.taps));
  int next = 0;  // the first input row not resized yet
  for (int y = 0; y < rows.out; ++y) {
    const int first = rows.first[y];
    const int count = rows.count(y);
    next = std::max(next, first);
    while (next < first + count) {
      const int batch = std::min(group, rows.in - next);
      for (int j = 0; j < batch; ++j) targets[j] = ring_row(next + j);
      horizontal(next, batch, targets.data());
      next += batch;
    }
    for (int k = 0; k < count; ++k) window[k] = ring_row(first + k);
    vertical(window.data(), rows.weights_of(y), count,
             out + static_cast<std::size_t>(y) * out_stride);
  }
}

}  // namespace imgbench::kernels::detail
