// Rotate 90° with Highway: 4x4 blocks of 4-byte pixels transposed in registers, inside cache
// tiles. 1- and 3-byte pixels, and the edges that do not fill a block, take the tiled pixel loop.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/rotate_hwy.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "kernels/rotate.hpp"
#include "kernels/rotate_tiles.hpp"
#include "kernels/simd_level.hpp"

HWY_BEFORE_NAMESPACE();
namespace imgbench::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR
// Four rows of four 4-byte pixels, rows given bottom to top, become four output rows.
void rotate_block4(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                   std::size_t out_stride) {
  const hn::Full128<std::uint32_t> d32;
  const hn::Full128<std::uint64_t> d64;
  const auto r0 = hn::LoadU(d32, reinterpret_cast<const std::uint32_t*>(in + 3 * in_stride));
  const auto r1 = hn::LoadU(d32, reinterpret_cast<const std::uint32_t*>(in + 2 * in_stride));
  const auto r2 = hn::LoadU(d32, reinterpret_cast<const std::uint32_t*>(in + 1 * in_stride));
  const auto r3 = hn::LoadU(d32, reinterpret_cast<const std::uint32_t*>(in));
  // Standard 4x4 transpose: interleave 32-bit lanes, then 64-bit halves.
  const auto t0 = hn::BitCast(d64, hn::InterleaveLower(d32, r0, r1));  // a0 b0 a1 b1
  const auto t1 = hn::BitCast(d64, hn::InterleaveLower(d32, r2, r3));  // c0 d0 c1 d1
  const auto t2 = hn::BitCast(d64, hn::InterleaveUpper(d32, r0, r1));  // a2 b2 a3 b3
  const auto t3 = hn::BitCast(d64, hn::InterleaveUpper(d32, r2, r3));  // c2 d2 c3 d3
  auto store = [&](int row, auto v) {
    hn::StoreU(hn::BitCast(d32, v), d32, reinterpret_cast<std::uint32_t*>(out + row * out_stride));
  };
  store(0, hn::InterleaveLower(d64, t0, t1));
  store(1, hn::InterleaveUpper(d64, t0, t1));
  store(2, hn::InterleaveLower(d64, t2, t3));
  store(3, hn::InterleaveUpper(d64, t2, t3));
}
#endif

void Rotate90(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
              std::uint8_t* out, std::size_t out_stride) {
#if HWY_TARGET != HWY_SCALAR
  if (channels == 4) {
    const int full_w = width / 4 * 4, full_h = height / 4 * 4;
    for (int ty = 0; ty < full_h; ty += detail::kTile) {
      for (int tx = 0; tx < full_w; tx += detail::kTile) {
        for (int y = ty; y < std::min(ty + detail::kTile, full_h); y += 4) {
          const std::uint8_t* rows = in + static_cast<std::size_t>(y) * in_stride;
          const std::size_t out_x = static_cast<std::size_t>(height - 4 - y) * 4;
          for (int x = tx; x < std::min(tx + detail::kTile, full_w); x += 4) {
            rotate_block4(rows + static_cast<std::size_t>(x) * 4, in_stride,
                          out + static_cast<std::size_t>(x) * out_stride + out_x, out_stride);
          }
        }
      }
    }
    // What the blocks did not cover: the right columns, then the bottom rows.
    detail::rotate_pixels(4, in, in_stride, height, out, out_stride, full_w, width, 0, full_h);
    detail::rotate_pixels(4, in, in_stride, height, out, out_stride, 0, width, full_h, height);
    return;
  }
#endif
  detail::rotate_pixels(channels, in, in_stride, height, out, out_stride, 0, width, 0, height);
}

}  // namespace imgbench::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace imgbench::kernels {

HWY_EXPORT(Rotate90);

void rotate90(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
              std::uint8_t* out, std::size_t out_stride) {
  if (scalar_selected()) {
    rotate90_scalar(in, in_stride, width, height, channels, out, out_stride);
  } else {
    HWY_DYNAMIC_DISPATCH(Rotate90)(in, in_stride, width, height, channels, out, out_stride);
  }
}

}  // namespace imgbench::kernels
#endif
