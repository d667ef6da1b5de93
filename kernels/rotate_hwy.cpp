// Rotate 90° with Highway: blocks of pixels transposed in registers, inside cache tiles.
// 4-byte pixels: 8x8 blocks with 256-bit vectors (AVX2, AVX-512), 4x4 with 128-bit ones (SSE,
// NEON). 3-byte pixels (256-bit targets): each row of 8 pixels is widened to 4 bytes per pixel by
// a lane permute and a byte shuffle, transposed like RGBA, and packed back; the 24 bytes are
// stored as 16 + 8 so that nothing beyond the block is written. 1-byte pixels, and the edges that
// do not fill a block, take the tiled pixel loop.
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

template <class D>
auto load_u32(D d, const std::uint8_t* p) {
  return hn::LoadU(d, reinterpret_cast<const std::uint32_t*>(p));
}

// Four rows of four 4-byte pixels, given bottom row first, become four output rows.
void transpose_store4(hn::Full128<std::uint32_t> d32, hn::Vec128<std::uint32_t> r0,
                      hn::Vec128<std::uint32_t> r1, hn::Vec128<std::uint32_t> r2,
                      hn::Vec128<std::uint32_t> r3, std::uint8_t* out, std::size_t out_stride) {
  const hn::Full128<std::uint64_t> d64;
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

void rotate_block4(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                   std::size_t out_stride) {
  const hn::Full128<std::uint32_t> d32;
  transpose_store4(d32, load_u32(d32, in + 3 * in_stride), load_u32(d32, in + 2 * in_stride),
                   load_u32(d32, in + in_stride), load_u32(d32, in), out, out_stride);
}

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
#define IMGBENCH_ROTATE_BLOCK8 1
using D32x8 = hn::Full256<std::uint32_t>;
using V32x8 = hn::Vec256<std::uint32_t>;

// Eight rows of eight 4-byte pixels (r[0] = bottom row) become eight output rows, handed to
// `store(row, vector)`.
template <class Store>
void transpose8(const V32x8 (&r)[8], Store&& store) {
  const D32x8 d32;
  const hn::Full256<std::uint64_t> d64;
  hn::Vec256<std::uint64_t> t[8];
  for (int i = 0; i < 4; ++i) {
    t[2 * i] = hn::BitCast(d64, hn::InterleaveLower(d32, r[2 * i], r[2 * i + 1]));
    t[2 * i + 1] = hn::BitCast(d64, hn::InterleaveUpper(d32, r[2 * i], r[2 * i + 1]));
  }
  // Per 128-bit block: u[0] holds column 0 (and 4) of rows 0-3, and so on.
  const V32x8 u[8] = {
      hn::BitCast(d32, hn::InterleaveLower(d64, t[0], t[2])),
      hn::BitCast(d32, hn::InterleaveUpper(d64, t[0], t[2])),
      hn::BitCast(d32, hn::InterleaveLower(d64, t[1], t[3])),
      hn::BitCast(d32, hn::InterleaveUpper(d64, t[1], t[3])),
      hn::BitCast(d32, hn::InterleaveLower(d64, t[4], t[6])),
      hn::BitCast(d32, hn::InterleaveUpper(d64, t[4], t[6])),
      hn::BitCast(d32, hn::InterleaveLower(d64, t[5], t[7])),
      hn::BitCast(d32, hn::InterleaveUpper(d64, t[5], t[7])),
  };
  for (int c = 0; c < 4; ++c) {
    store(c, hn::ConcatLowerLower(d32, u[c + 4], u[c]));
    store(c + 4, hn::ConcatUpperUpper(d32, u[c + 4], u[c]));
  }
}

void rotate_block8_rgba(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                        std::size_t out_stride) {
  const D32x8 d32;
  V32x8 r[8];
  for (int i = 0; i < 8; ++i) r[i] = load_u32(d32, in + (7 - i) * in_stride);
  transpose8(r, [&](int row, V32x8 v) {
    hn::StoreU(v, d32, reinterpret_cast<std::uint32_t*>(out + row * out_stride));
  });
}

// RGB: bytes 0-11 of a 32-byte load go to lanes 0-3, bytes 12-23 to lanes 4-7 (as u32 lanes
// 0-2 and 3-5), then each pixel is spread to 4 bytes; packing reverses both steps.
constexpr std::uint8_t Z = 0x80;
HWY_ALIGN constexpr std::uint8_t kSpread[32] = {0, 1, 2, Z, 3, 4, 5, Z, 6, 7, 8, Z, 9, 10, 11, Z,
                                                0, 1, 2, Z, 3, 4, 5, Z, 6, 7, 8, Z, 9, 10, 11, Z};
HWY_ALIGN constexpr std::uint8_t kPack[32] = {0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, Z, Z, Z, Z,
                                              0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, Z, Z, Z, Z};
HWY_ALIGN constexpr std::uint32_t kSplitLanes[8] = {0, 1, 2, 3, 3, 4, 5, 6};
HWY_ALIGN constexpr std::uint32_t kJoinLanes[8] = {0, 1, 2, 4, 5, 6, 7, 7};

void rotate_block8_rgb(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                       std::size_t out_stride) {
  const D32x8 d32;
  const hn::Full256<std::uint8_t> d8;
  const auto split = hn::SetTableIndices(d32, kSplitLanes);
  const auto join = hn::SetTableIndices(d32, kJoinLanes);
  const auto spread = hn::Load(d8, kSpread);
  const auto pack = hn::Load(d8, kPack);
  V32x8 r[8];
  for (int i = 0; i < 8; ++i) {
    const auto row = hn::TableLookupLanes(load_u32(d32, in + (7 - i) * in_stride), split);
    r[i] = hn::BitCast(d32, hn::TableLookupBytesOr0(hn::BitCast(d8, row), spread));
  }
  const hn::Full128<std::uint8_t> d8x16;
  const hn::Full64<std::uint8_t> d8x8;
  transpose8(r, [&](int row, V32x8 v) {
    const auto packed = hn::TableLookupLanes(
        hn::BitCast(d32, hn::TableLookupBytesOr0(hn::BitCast(d8, v), pack)), join);
    const auto bytes = hn::BitCast(d8, packed);  // 24 pixel bytes, then 8 of padding
    std::uint8_t* target = out + row * out_stride;
    hn::StoreU(hn::LowerHalf(d8x16, bytes), d8x16, target);
    hn::StoreU(hn::LowerHalf(d8x8, hn::UpperHalf(d8x16, bytes)), d8x8, target + 16);
  });
}
#endif  // 256-bit x86

// Tiles of blocks: 512 x 512 pixels measured fastest on 2560x1600 and 4096x4096, RGB and RGBA
// (AVX2, EPYC, 1 MiB L2): 1.5-2x faster than the 32 x 32 tiles that suit the scalar pixel loop,
// whose cost is per pixel rather than per cache line.
constexpr int kBlockTile = 512;

// Rotates the input rectangle [0, full_w) x [0, full_h) in Block x Block pixel blocks, inside
// cache tiles. A block starting at input (x, y) lands at output row x, column height - Block - y.
template <int Block, int Channels, class RotateBlock>
void rotate_blocks(const std::uint8_t* in, std::size_t in_stride, int height, int full_w,
                   int full_h, std::uint8_t* out, std::size_t out_stride, RotateBlock&& block) {
  for (int ty = 0; ty < full_h; ty += kBlockTile) {
    for (int tx = 0; tx < full_w; tx += kBlockTile) {
      for (int y = ty; y < std::min(ty + kBlockTile, full_h); y += Block) {
        const std::uint8_t* rows = in + static_cast<std::size_t>(y) * in_stride;
        const std::size_t out_x = static_cast<std::size_t>(height - Block - y) * Channels;
        for (int x = tx; x < std::min(tx + kBlockTile, full_w); x += Block) {
          block(rows + static_cast<std::size_t>(x) * Channels, in_stride,
                out + static_cast<std::size_t>(x) * out_stride + out_x, out_stride);
        }
      }
    }
  }
}

// Blocks over as much of the image as they fill; the right columns and bottom rows they leave
// take the pixel loop. `read_w` is how many columns a block's loads may start within: a 3-byte
// block reads 32 bytes for its 24, so it must end 8 bytes before the row does.
template <int Block, int Channels, class RotateBlock>
void rotate_with_blocks(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                        int read_w, std::uint8_t* out, std::size_t out_stride,
                        RotateBlock&& block) {
  const int full_w = std::max(0, read_w) / Block * Block, full_h = height / Block * Block;
  rotate_blocks<Block, Channels>(in, in_stride, height, full_w, full_h, out, out_stride, block);
  detail::rotate_pixels(Channels, in, in_stride, height, out, out_stride, full_w, width, 0, full_h);
  detail::rotate_pixels(Channels, in, in_stride, height, out, out_stride, 0, width, full_h, height);
}

#endif  // HWY_TARGET != HWY_SCALAR

void Rotate90(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
              std::uint8_t* out, std::size_t out_stride) {
#if defined(IMGBENCH_ROTATE_BLOCK8)
  if (channels == 4) {
    return rotate_with_blocks<8, 4>(in, in_stride, width, height, width, out, out_stride,
                                    rotate_block8_rgba);
  }
  if (channels == 3) {
    // The last block's 32-byte loads need 8 bytes (3 pixels) after its 8 pixels.
    return rotate_with_blocks<8, 3>(in, in_stride, width, height, width - 3, out, out_stride,
                                    rotate_block8_rgb);
  }
#elif HWY_TARGET != HWY_SCALAR
  if (channels == 4) {
    return rotate_with_blocks<4, 4>(in, in_stride, width, height, width, out, out_stride,
                                    rotate_block4);
  }
#endif
  detail::rotate_pixels(channels, in, in_stride, height, out, out_stride, 0, width, 0, height);
}
#undef IMGBENCH_ROTATE_BLOCK8

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
