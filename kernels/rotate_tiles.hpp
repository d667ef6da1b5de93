#pragma once
// The cache-blocked pixel loop shared by the scalar twin and the SIMD kernels' edges: a tile of
// rows is read while the tile of output columns it feeds stays in cache.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace imgbench::kernels::detail {

inline constexpr int kTile = 32;

// Rotates the input rectangle [x0, x1) x [y0, y1) pixel by pixel, in kTile x kTile tiles.
template <int Channels>
void rotate_pixels(const std::uint8_t* in, std::size_t in_stride, int height, std::uint8_t* out,
                   std::size_t out_stride, int x0, int x1, int y0, int y1) {
  for (int ty = y0; ty < y1; ty += kTile) {
    for (int tx = x0; tx < x1; tx += kTile) {
      for (int y = ty; y < std::min(ty + kTile, y1); ++y) {
        const std::uint8_t* row = in + static_cast<std::size_t>(y) * in_stride;
        const std::size_t out_x = static_cast<std::size_t>(height - 1 - y) * Channels;
        for (int x = tx; x < std::min(tx + kTile, x1); ++x) {
          std::memcpy(out + static_cast<std::size_t>(x) * out_stride + out_x,
                      row + static_cast<std::size_t>(x) * Channels, Channels);
        }
      }
    }
  }
}

inline void rotate_pixels(int channels, const std::uint8_t* in, std::size_t in_stride, int height,
                          std::uint8_t* out, std::size_t out_stride, int x0, int x1, int y0,
                          int y1) {
  switch (channels) {
    case 1: return rotate_pixels<1>(in, in_stride, height, out, out_stride, x0, x1, y0, y1);
    case 3: return rotate_pixels<3>(in, in_stride, height, out, out_stride, x0, x1, y0, y1);
    default: return rotate_pixels<4>(in, in_stride, height, out, out_stride, x0, x1, y0, y1);
  }
}

}  // namespace imgbench::kernels::detail
