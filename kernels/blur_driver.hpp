#pragma once
// The row schedule shared by the blur kernel and its scalar twin: for each output row, the
// vertical pass reads the 2 * radius + 1 input rows around it (row indices clamped: replicated
// edges) into one padded int16 row, whose ends are then replicated for the horizontal pass.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/blur.hpp"

namespace imgbench::kernels::detail {

// The scalar formulas, also used by the SIMD kernel for the tail of each row.
// rows[0] is the centre row, rows[k] and rows[-k] (via above/below) are k rows away.
void blur_column_scalar(const std::uint8_t* const* above, const std::uint8_t* const* below,
                        const BlurKernel& kernel, std::size_t samples, std::size_t begin,
                        std::int16_t* out);
// `row` points at the first real sample of a row padded with radius pixels on both sides.
void blur_row_scalar(const std::int16_t* row, const BlurKernel& kernel, int channels,
                     std::size_t samples, std::size_t begin, std::uint8_t* out);

// vertical(above, below, int16_t* out_row); horizontal(const int16_t* padded_row, uint8_t* out).
// above[k] is the input row k rows up (clamped), below[k] k rows down; above[0] == below[0].
template <class Vertical, class Horizontal>
void run_blur(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
              int height, int channels, Vertical&& vertical, Horizontal&& horizontal,
              std::uint8_t* out, std::size_t out_stride) {
  const int radius = kernel.radius;
  const std::size_t pad = static_cast<std::size_t>(radius) * channels;
  const std::size_t samples = static_cast<std::size_t>(width) * channels;
  std::vector<std::int16_t> padded(samples + 2 * pad);
  std::int16_t* row = padded.data() + pad;
  std::vector<const std::uint8_t*> above(static_cast<std::size_t>(radius) + 1);
  std::vector<const std::uint8_t*> below(static_cast<std::size_t>(radius) + 1);
  auto input_row = [&](int y) {
    return in + static_cast<std::size_t>(std::clamp(y, 0, height - 1)) * in_stride;
  };
  for (int y = 0; y < height; ++y) {
    for (int k = 0; k <= radius; ++k) {
      above[k] = input_row(y - k);
      below[k] = input_row(y + k);
    }
    vertical(above.data(), below.data(), row);
    for (std::size_t i = 0; i < pad; ++i) {
      row[-static_cast<std::ptrdiff_t>(pad) + static_cast<std::ptrdiff_t>(i)] = row[i % channels];
      row[samples + i] = row[samples - channels + i % channels];
    }
    horizontal(row, out + static_cast<std::size_t>(y) * out_stride);
  }
}

}  // namespace imgbench::kernels::detail
