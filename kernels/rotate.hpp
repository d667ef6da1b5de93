#pragma once
// Rotate 90° clockwise: out(x, y) = in(y, height - 1 - x). Plain pointers, sizes and strides;
// `out` is height x width. Channels: 1, 3 or 4 interleaved 8-bit samples.
#include <cstddef>
#include <cstdint>

namespace imgbench::kernels {

// Dispatched to the selected SIMD level (see simd_level.hpp).
void rotate90(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
              std::uint8_t* out, std::size_t out_stride);

// The scalar twin: cache-blocked tiles, one pixel at a time.
void rotate90_scalar(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                     int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
