#pragma once
// The row schedule shared by the blur kernel and its scalar twin. Each input row is blurred
// horizontally once, into a ring of int16 intermediate rows (value * 64) holding the
// 2 * radius + 2 rows around a pair of output rows; the vertical pass combines them. Row indices
// are clamped (replicated edges); a row is widened into a buffer padded with `radius` copies of its
// end pixels, so that the horizontal pass never tests for edges either.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/blur.hpp"
#include "kernels/fixed_point.hpp"
#include "kernels/scratch.hpp"

namespace imgbench::kernels::detail {

// The scalar formulas, also used by the SIMD kernel for the tail of each row.
// `row` points at the first real sample of a widened row padded with radius pixels each side.
void blur_row_scalar(const std::int16_t* row, const BlurKernel& kernel, int channels,
                     std::size_t samples, std::size_t begin, std::int16_t* out);
// centre[k], k in [-radius, radius], is the intermediate row k rows below the output row.
void blur_column_scalar(const std::int16_t* const* centre, const BlurKernel& kernel,
                        std::size_t samples, std::size_t begin, std::uint8_t* out);

// Widens `samples` 8-bit samples to int16 (value * 64): the scalar twin's loop.
inline void widen_row_scalar(const std::uint8_t* source, std::size_t samples, std::int16_t* row) {
  for (std::size_t i = 0; i < samples; ++i) {
    row[i] = static_cast<std::int16_t>(source[i] << fixed::kIntermediateBits);
  }
}

// widen(const uint8_t* source, size_t samples, int16_t* row);
// horizontal(const int16_t* padded_row, int16_t* out);
// vertical(const int16_t* const* centre, int rows, uint8_t* out, size_t out_stride): `rows` (1 or
// 2) output rows; the second one's intermediate rows are centre + 1. Two rows at a time share
// their loads: 2 * radius + 2 rows read for two outputs instead of 4 * radius + 2.
template <class Widen, class Horizontal, class Vertical>
void run_blur(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
              int height, int channels, Widen&& widen, Horizontal&& horizontal, Vertical&& vertical,
              std::uint8_t* out, std::size_t out_stride) {
  const int radius = kernel.radius;
  const std::size_t pad = static_cast<std::size_t>(radius) * channels;
  const std::size_t samples = static_cast<std::size_t>(width) * channels;
  // The widened row starts on a 64-byte line, so that the centre taps' loads are aligned.
  const std::size_t lead = (pad + 31) / 32 * 32;
  std::int16_t* const row = scratch(ScratchSlot::row, lead + samples + pad) + lead;
  const int capacity = std::min(height, 2 * radius + 2);
  const std::size_t ring_stride = ring_row_stride(samples);
  std::int16_t* const ring = scratch(ScratchSlot::ring, ring_stride * capacity);
  auto ring_row = [&](int y) {
    return ring + static_cast<std::size_t>(std::clamp(y, 0, height - 1) % capacity) * ring_stride;
  };
  auto blur_row = [&](int y) {
    const std::uint8_t* source = in + static_cast<std::size_t>(y) * in_stride;
    widen(source, samples, row);
    for (std::size_t i = 0; i < pad; ++i) {
      *(row - pad + i) = row[i % channels];
      row[samples + i] = row[samples - channels + i % channels];
    }
    horizontal(row, ring_row(y));
  };
  std::vector<const std::int16_t*> window(2 * static_cast<std::size_t>(radius) + 2);
  int next = 0;  // the first input row not blurred horizontally yet
  for (int y = 0; y < height; y += 2) {
    const int rows = std::min(2, height - y);
    for (; next <= std::min(height - 1, y + rows - 1 + radius); ++next) blur_row(next);
    for (int j = 0; j < 2 * radius + rows; ++j) window[j] = ring_row(y - radius + j);
    vertical(window.data() + radius, rows, out + static_cast<std::size_t>(y) * out_stride,
             out_stride);
  }
}

}  // namespace imgbench::kernels::detail
