#pragma once
// RGB or RGBA to gray (reference/SEMANTICS.md, "grayscale"): BT.601 luma of the stored values,
// 0.299 R + 0.587 G + 0.114 B, rounded once (half up), alpha dropped.
//
// Exactly, in 16-bit integers: the luma is floor(v / 1000) with v = 299 R + 587 G + 114 B + 500,
// and floor(v / 1000) = floor(q / 125) with q = floor(v / 8), which fits 15 bits:
//   q = 37 R + 73 G + 14 B + 62 + floor((3 R + 3 G + 2 B + 4) / 8)    (<= 31937)
// and floor(q / 125) = floor(q * 33555 / 2^22) for every q below 2^22 / 71 (33555 * 125 is
// 2^22 + 71): one 16-bit high multiply and a shift.
#include <cstddef>
#include <cstdint>

namespace imgbench::kernels {

// Dispatched to the selected SIMD level. `channels` is 3 or 4; `out` is one sample per pixel.
void grayscale(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
               std::uint8_t* out, std::size_t out_stride);

// The scalar twin: the same arithmetic one pixel at a time; bit-identical output.
void grayscale_scalar(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                      int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
