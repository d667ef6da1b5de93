// Rotate 90° with Highway: blocks of pixels transposed in registers, assembled into output strips
// (see rotate_strip). 4-byte pixels: 8x8 blocks with 256-bit vectors (AVX2, AVX-512), 4x4 with
// 128-bit ones (SSE, NEON). 3-byte pixels (256-bit targets): each row of 8 pixels is widened to
// 4 bytes per pixel by a byte shuffle, transposed like RGBA, and packed back; with VBMI (AVX3_DL),
// blocks of 8x16 pixels are merged by two-register byte permutes instead. 1-byte pixels, and
// the edges that do not fill a block, take the tiled pixel loop.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/rotate_hwy.cpp"
#include <hwy/cache_control.h>
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string>

#include "kernels/rotate.hpp"
#include "kernels/rotate_tiles.hpp"
#include "kernels/scratch.hpp"
#include "kernels/simd_level.hpp"

HWY_BEFORE_NAMESPACE();
namespace imgbench::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

template <class D>
HWY_INLINE auto load_u32(D d, const std::uint8_t* p) {
  return hn::LoadU(d, reinterpret_cast<const std::uint32_t*>(p));
}

// Four rows of four 4-byte pixels, given bottom row first, become four output rows.
// (hn::Vec of a 128-bit tag rather than Vec128, which SVE targets do not define: there the tag
// caps a scalable vector at four lanes.)
using D32x4 = hn::Full128<std::uint32_t>;
using V32x4 = hn::Vec<D32x4>;
HWY_INLINE void transpose_store4(D32x4 d32, V32x4 r0, V32x4 r1, V32x4 r2, V32x4 r3,
                                 std::uint8_t* out, std::size_t out_stride) {
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

struct RotateBlock4 {
  HWY_INLINE void operator()(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                             std::size_t out_stride) const {
    const D32x4 d32;
    transpose_store4(d32, load_u32(d32, in + 3 * in_stride), load_u32(d32, in + 2 * in_stride),
                     load_u32(d32, in + in_stride), load_u32(d32, in), out, out_stride);
  }
};

#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX2
#define IMGBENCH_ROTATE_BLOCK8 1
using D32x8 = hn::Full256<std::uint32_t>;
using V32x8 = hn::Vec256<std::uint32_t>;

// Eight rows of eight 4-byte pixels (r[0] = bottom row) become eight output rows, handed to
// `store(row, vector)`.
template <class Store>
HWY_INLINE void transpose8(const V32x8 (&r)[8], Store&& store) {
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

struct RotateBlock8Rgba {
  HWY_INLINE void operator()(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                             std::size_t out_stride) const {
    const D32x8 d32;
    V32x8 r[8];
    for (int i = 0; i < 8; ++i) r[i] = load_u32(d32, in + (7 - i) * in_stride);
    transpose8(r, [&](int row, V32x8 v) {
      hn::StoreU(v, d32, reinterpret_cast<std::uint32_t*>(out + row * out_stride));
    });
  }
};

// RGB: bytes 0-11 of a row go to the lower 128-bit half and bytes 12-23 to the upper one (two
// 16-byte loads), then each pixel is spread to 4 bytes. The 28 bytes read are why a block must
// start 10 pixels before the end of a row.
constexpr std::uint8_t Z = 0x80;
HWY_ALIGN constexpr std::uint8_t kSpread[32] = {0, 1, 2, Z, 3, 4, 5, Z, 6, 7, 8, Z, 9, 10, 11, Z,
                                                0, 1, 2, Z, 3, 4, 5, Z, 6, 7, 8, Z, 9, 10, 11, Z};
HWY_ALIGN constexpr std::uint8_t kPack[32] = {0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, Z, Z, Z, Z,
                                              0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, Z, Z, Z, Z};
constexpr int kRgbBlockReach = 10;
HWY_ALIGN constexpr std::uint32_t kJoinLanes[8] = {0, 1, 2, 4, 5, 6, 7, 7};

// Packing reverses the spread: 12 bytes per 128-bit half, joined by a lane permute. kOverrun: one
// 32-byte store per row, whose last 8 bytes the next block must overwrite (the strips' order);
// otherwise 16 + 8 bytes, so that nothing beyond the block's 24 is written.
template <bool kOverrun>
struct RotateBlock8Rgb {
  HWY_INLINE void operator()(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                             std::size_t out_stride) const {
    const hn::Full256<std::uint8_t> d8;
    const hn::Full128<std::uint8_t> d8x16;
    const hn::Full64<std::uint8_t> d8x8;
    const auto spread = hn::Load(d8, kSpread);
    const auto pack = hn::Load(d8, kPack);
    const auto join = hn::SetTableIndices(D32x8(), kJoinLanes);
    V32x8 r[8];
    for (int i = 0; i < 8; ++i) {
      const std::uint8_t* row = in + (7 - i) * in_stride;
      const auto bytes = hn::Combine(d8, hn::LoadU(d8x16, row + 12), hn::LoadU(d8x16, row));
      r[i] = hn::BitCast(D32x8(), hn::TableLookupBytesOr0(bytes, spread));
    }
    transpose8(r, [&](int row, V32x8 v) {
      const auto packed = hn::BitCast(
          d8, hn::TableLookupLanes(
                  hn::BitCast(D32x8(), hn::TableLookupBytesOr0(hn::BitCast(d8, v), pack)), join));
      std::uint8_t* target = out + row * out_stride;
      if (kOverrun) {
        hn::StoreU(packed, d8, target);
      } else {
        hn::StoreU(hn::LowerHalf(d8x16, packed), d8x16, target);
        hn::StoreU(hn::LowerHalf(d8x8, hn::UpperHalf(d8x16, packed)), d8x8, target + 16);
      }
    });
  }
};
#endif  // 256-bit x86

#if HWY_TARGET == HWY_AVX3_DL
#define IMGBENCH_ROTATE_RGB_VBMI 1
// RGB with byte permutes across two 64-byte registers (VBMI's vpermt2b): 8 rows of 16 pixels,
// 48 bytes each, are merged in three rounds (pairs of rows, then 4, then 8), with no widening to
// 4 bytes per pixel and back: 24 permutes per 128 pixels against 56 shuffles per 64 pixels in
// RotateBlock8Rgb. Each round's result holds, per pixel, the bytes of all rows merged so far,
// bottom row first; the last one holds two output rows, at bytes 0 and 32.
struct PermuteTables {
  // rows[h]: pixels 8h..8h+7 of two rows, 6 bytes each; quads[q]: pixels 4q..4q+3 of two row
  // pairs (from each half of the pairs), 12 bytes each; out[m]: pixels 2m and 2m+1 of two
  // quads, 24 bytes each.
  std::uint8_t rows[2][64];
  std::uint8_t quads[2][64];
  std::uint8_t out[2][64];
};

// The byte of `unit`-byte groups at position `byte` of a merge of two registers: group g of the
// result takes group first + g of the first register, then the same group of the second one.
constexpr std::uint8_t merged(int first, int unit, int byte) {
  const int group = first + byte / (2 * unit), within = byte % (2 * unit);
  return static_cast<std::uint8_t>(within < unit ? group * unit + within
                                                 : 64 + group * unit + within - unit);
}

constexpr PermuteTables make_permute_tables() {
  PermuteTables t{};
  for (int half = 0; half < 2; ++half) {
    for (int b = 0; b < 48; ++b) {
      t.rows[half][b] = merged(8 * half, 3, b);
      t.quads[half][b] = merged(4 * half, 6, b);
    }
    for (int b = 0; b < 24; ++b) {
      t.out[half][b] = merged(2 * half, 12, b);
      t.out[half][32 + b] = merged(2 * half + 1, 12, b);
    }
  }
  return t;
}
HWY_ALIGN constexpr PermuteTables kPermuteTables = make_permute_tables();

// kOverrun as in RotateBlock8Rgb: 32-byte stores, or exact 24-byte masked ones.
template <bool kOverrun>
struct RotateBlock8x16Rgb {
  HWY_INLINE void operator()(const std::uint8_t* in, std::size_t in_stride, std::uint8_t* out,
                             std::size_t out_stride) const {
    auto table = [](const std::uint8_t* bytes) {
      return _mm512_load_si512(reinterpret_cast<const void*>(bytes));
    };
    __m512i row[8];
    for (int i = 0; i < 8; ++i) {
      row[i] = _mm512_maskz_loadu_epi8((__mmask64{1} << 48) - 1, in + (7 - i) * in_stride);
    }
    __m512i pairs[4][2], quads[2][4];
    for (int h = 0; h < 2; ++h) {
      const __m512i index = table(kPermuteTables.rows[h]);
      for (int k = 0; k < 4; ++k) {
        pairs[k][h] = _mm512_permutex2var_epi8(row[2 * k], index, row[2 * k + 1]);
      }
    }
    for (int q = 0; q < 2; ++q) {
      const __m512i index = table(kPermuteTables.quads[q]);
      for (int h = 0; h < 2; ++h) {
        for (int k = 0; k < 2; ++k) {
          quads[k][2 * h + q] =
              _mm512_permutex2var_epi8(pairs[2 * k][h], index, pairs[2 * k + 1][h]);
        }
      }
    }
    for (int m = 0; m < 2; ++m) {
      const __m512i index = table(kPermuteTables.out[m]);
      for (int g = 0; g < 4; ++g) {
        const __m512i rows = _mm512_permutex2var_epi8(quads[0][g], index, quads[1][g]);
        std::uint8_t* target = out + (4 * g + 2 * m) * out_stride;
        store(_mm512_castsi512_si256(rows), target);
        store(_mm512_extracti64x4_epi64(rows, 1), target + out_stride);
      }
    }
  }

  static HWY_INLINE void store(__m256i row, std::uint8_t* target) {
    if (kOverrun) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(target), row);
    } else {
      _mm256_mask_storeu_epi8(target, (__mmask32{1} << 24) - 1, row);
    }
  }
};
#endif  // AVX3_DL

// Output rows are assembled in strips: kStripRows input rows become, in each output row, a run of
// whole cache lines (64 bytes for RGBA, 192 for RGB). A chunk of kChunk columns is transposed into
// a staging buffer in L1, then each run is copied out with streaming stores that skip the cache.
// Writing blocks straight into the output left every line partly written for a long time, and
// cost a read of each line before its write: rotate took 2 to 3 times as long as memcpy. Input
// rows are prefetched kPrefetchChunks chunks ahead, since a strip reads 16 or 64 rows in short
// pieces, more streams than the hardware prefetcher follows. Chunks of 32 columns: on 4096x4096 RGB
// (rows 12 KiB apart, sharing L1 sets) 64 columns took 10.3 ms against 8.0 (16: 7.1, within the
// noise); on 2560x1600 the three were within the noise.
template <int Channels>
constexpr int kStripRows = Channels == 4 ? 16 : 64;
constexpr int kChunk = 32;
constexpr int kPrefetchChunks = 2;
constexpr std::size_t kLine = 64;
constexpr std::size_t kStageStride = 256;  // bytes per staged row: a 192-byte run + overrun

// Copies `bytes` (a multiple of the vector size) with vector stores: streaming ones to a
// line-aligned `to`, ordinary ones otherwise. A vector loop rather than memcpy: there is one run
// per output row and strip, 256K per 2560x1600 image, and a call each cost as much as the copy.
template <bool kStream>
void copy_vectors(const std::uint8_t* from, std::size_t bytes, std::uint8_t* to) {
  const hn::ScalableTag<std::uint8_t> d;
  for (std::size_t i = 0; i < bytes; i += hn::Lanes(d)) {
    if (kStream) {
      hn::Stream(hn::LoadU(d, from + i), d, to + i);
    } else {
      hn::StoreU(hn::LoadU(d, from + i), d, to + i);
    }
  }
}

// Copies a staged run to the output. Streamed, whole lines go by streaming stores and the partial
// lines at either end (a stride that is not a multiple of 64) by ordinary ones.
void copy_run(const std::uint8_t* from, std::size_t bytes, std::uint8_t* to, bool stream) {
  std::size_t head = 0, body = bytes;
  if (stream) {
    const std::size_t misalignment = reinterpret_cast<std::uintptr_t>(to) % kLine;
    head = misalignment == 0 ? 0 : std::min(bytes, kLine - misalignment);
    body = (bytes - head) / kLine * kLine;
    if (head != 0) std::memcpy(to, from, head);
    copy_vectors<true>(from + head, body, to + head);
  } else {
    const hn::ScalableTag<std::uint8_t> d;
    body = bytes / hn::Lanes(d) * hn::Lanes(d);
    copy_vectors<false>(from, body, to);
  }
  const std::size_t done = head + body;
  if (done != bytes) std::memcpy(to + done, from + done, bytes - done);
}

// Rotates input rows [y0, y0 + rows) over columns [0, full_w): blocks into the staging buffer,
// then one run per output row.
template <int Rows, int Cols, int Channels, class RotateBlock>
void rotate_strip(const std::uint8_t* in, std::size_t in_stride, int height, int y0, int rows,
                  int full_w, std::uint8_t* stage, std::uint8_t* out, std::size_t out_stride,
                  bool stream, RotateBlock&& block) {
  const std::size_t run = static_cast<std::size_t>(rows) * Channels;
  const std::size_t out_x = static_cast<std::size_t>(height - y0 - rows) * Channels;
  for (int x0 = 0; x0 < full_w; x0 += kChunk) {
    const int x1 = std::min(x0 + kChunk, full_w);
    const int ahead = x0 + kPrefetchChunks * kChunk;
    if (ahead < full_w) {
      for (int y = y0; y < y0 + rows; ++y) {
        const std::uint8_t* row = in + static_cast<std::size_t>(y) * in_stride;
        for (int b = 0; b < kChunk * Channels; b += static_cast<int>(kLine)) {
          // Into L2 only (locality 2: prefetcht1, PLDL2KEEP). Into L1, the 128 lines a strip of
          // RGB has in flight evicted each other: 4096x4096 RGB took 7.9 ms against 6.1.
          __builtin_prefetch(row + static_cast<std::size_t>(ahead) * Channels + b, 0, 2);
        }
      }
    }
    // Bottom block first: each block lands to the right of the one before it and overwrites what
    // that one wrote past its end.
    for (int y = y0 + rows - Rows; y >= y0; y -= Rows) {
      const std::uint8_t* pixels = in + static_cast<std::size_t>(y) * in_stride;
      const std::size_t stage_x = static_cast<std::size_t>(y0 + rows - Rows - y) * Channels;
      for (int x = x0; x < x1; x += Cols) {
        block(pixels + static_cast<std::size_t>(x) * Channels, in_stride,
              stage + static_cast<std::size_t>(x - x0) * kStageStride + stage_x, kStageStride);
      }
    }
    for (int x = x0; x < x1; ++x) {
      copy_run(stage + static_cast<std::size_t>(x - x0) * kStageStride, run,
               out + static_cast<std::size_t>(x) * out_stride + out_x, stream);
    }
  }
}

// Outputs that stay in the cache: blocks written straight into the output, in tiles of 512 x 512
// pixels (measured fastest for that path; the strips cost 1.5-2.5x on 800x600, which gains nothing
// from streaming stores). A block at input (x, y) lands at output row x, column height - Rows - y.
constexpr int kBlockTile = 512;

template <int Rows, int Cols, int Channels, class RotateBlock>
void rotate_blocks(const std::uint8_t* in, std::size_t in_stride, int height, int full_w,
                   int full_h, std::uint8_t* out, std::size_t out_stride, RotateBlock&& block) {
  for (int ty = 0; ty < full_h; ty += kBlockTile) {
    for (int tx = 0; tx < full_w; tx += kBlockTile) {
      for (int y = ty; y < std::min(ty + kBlockTile, full_h); y += Rows) {
        const std::uint8_t* rows = in + static_cast<std::size_t>(y) * in_stride;
        const std::size_t out_x = static_cast<std::size_t>(height - Rows - y) * Channels;
        for (int x = tx; x < std::min(tx + kBlockTile, full_w); x += Cols) {
          block(rows + static_cast<std::size_t>(x) * Channels, in_stride,
                out + static_cast<std::size_t>(x) * out_stride + out_x, out_stride);
        }
      }
    }
  }
}

// Rotates the whole image: straight blocks when the output stays in the cache, else strips from
// the bottom up, so that every full strip's runs start on a cache line; the rows above the first
// full strip form one shorter strip. What blocks do not fill takes the pixel loop. `reach` is how
// many pixels a block's loads span; `staged` may write past its block (see RotateBlock8Rgb).
template <int Rows, int Cols, int Channels, class DirectBlock, class StagedBlock>
void rotate_with_blocks(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                        int reach, std::uint8_t* out, std::size_t out_stride, DirectBlock&& direct,
                        StagedBlock&& staged) {
  const int full_w = std::max(0, width - (reach - Cols)) / Cols * Cols;
  if (static_cast<std::size_t>(width) * out_stride < kRotateStreamMinBytes) {
    const int full_h = height / Rows * Rows;
    rotate_blocks<Rows, Cols, Channels>(in, in_stride, height, full_w, full_h, out, out_stride,
                                        direct);
    detail::rotate_pixels(Channels, in, in_stride, height, out, out_stride, 0, full_w, full_h,
                          height);
  } else {
    constexpr int strip = kStripRows<Channels>;
    const int top = height % strip, top_pixels = top % Rows;
    // The staging buffer: the per-thread scratch memory (64-byte aligned), in int16 units.
    std::uint8_t* const stage = reinterpret_cast<std::uint8_t*>(
        detail::scratch(detail::ScratchSlot::spare, kChunk * kStageStride / sizeof(std::int16_t)));
    for (int y0 = top; y0 < height; y0 += strip) {
      rotate_strip<Rows, Cols, Channels>(in, in_stride, height, y0, strip, full_w, stage, out,
                                         out_stride, true, staged);
    }
    hwy::FlushStream();
    if (top > top_pixels) {
      rotate_strip<Rows, Cols, Channels>(in, in_stride, height, top_pixels, top - top_pixels,
                                         full_w, stage, out, out_stride, false, staged);
    }
    detail::rotate_pixels(Channels, in, in_stride, height, out, out_stride, 0, full_w, 0,
                          top_pixels);
  }
  detail::rotate_pixels(Channels, in, in_stride, height, out, out_stride, full_w, width, 0, height);
}

#endif  // HWY_TARGET != HWY_SCALAR

void Rotate90(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
              std::uint8_t* out, std::size_t out_stride) {
#if defined(IMGBENCH_ROTATE_RGB_VBMI)
  if (channels == 3) {
    return rotate_with_blocks<8, 16, 3>(in, in_stride, width, height, 16, out, out_stride,
                                        RotateBlock8x16Rgb<false>(), RotateBlock8x16Rgb<true>());
  }
#endif
#if defined(IMGBENCH_ROTATE_BLOCK8)
  if (channels == 4) {
    return rotate_with_blocks<8, 8, 4>(in, in_stride, width, height, 8, out, out_stride,
                                       RotateBlock8Rgba(), RotateBlock8Rgba());
  }
  if (channels == 3) {
    return rotate_with_blocks<8, 8, 3>(in, in_stride, width, height, kRgbBlockReach, out,
                                       out_stride, RotateBlock8Rgb<false>(),
                                       RotateBlock8Rgb<true>());
  }
#elif HWY_TARGET != HWY_SCALAR
  if (channels == 4) {
    return rotate_with_blocks<4, 4, 4>(in, in_stride, width, height, 4, out, out_stride,
                                       RotateBlock4(), RotateBlock4());
  }
#endif
  detail::rotate_pixels(channels, in, in_stride, height, out, out_stride, 0, width, 0, height);
}
#undef IMGBENCH_ROTATE_BLOCK8
#undef IMGBENCH_ROTATE_RGB_VBMI

// Which target a dynamic dispatch lands on (dispatched_simd_level).
std::int64_t DispatchedTarget() {
  return HWY_TARGET;
}

}  // namespace imgbench::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace imgbench::kernels {

HWY_EXPORT(Rotate90);
HWY_EXPORT(DispatchedTarget);

std::string dispatched_simd_level() {
  if (scalar_selected()) return "scalar";
  std::string name = hwy::TargetName(HWY_DYNAMIC_DISPATCH(DispatchedTarget)());
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return name;
}

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
