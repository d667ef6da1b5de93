#pragma once
// Rotate 90° clockwise: out(x, y) = in(y, height - 1 - x). Plain pointers, sizes and strides;
// `out` is height x width. Channels: 1, 3 or 4 interleaved 8-bit samples.
#include <cstddef>
#include <cstdint>

namespace imgbench::kernels {

// Outputs of at least this many bytes (rows * stride) are written by the SIMD kernels in strips
// of whole cache lines with streaming stores; smaller ones, which stay in the cache for whatever
// reads them next, by blocks straight into the output. Measured (AVX-512 EPYC, 32 MiB L3): blocks
// were faster at 1000x700 and 1280x800 RGB (2-3 MiB), strips at 1920x1080 RGB and RGBA and from
// 1280x1024 RGBA (5 MiB) on; 1600x1200 RGB (5.5 MiB) still favoured blocks.
inline constexpr std::size_t kRotateStreamMinBytes = std::size_t{4} << 20;

// Dispatched to the selected SIMD level (see simd_level.hpp).
void rotate90(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
              std::uint8_t* out, std::size_t out_stride);

// The scalar twin: cache-blocked tiles, one pixel at a time.
void rotate90_scalar(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                     int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
