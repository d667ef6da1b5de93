// Resize with Highway. Horizontal pass: the taps of one output pixel are applied to several input
// rows at once, one row per 128-bit block (1 block with SSE/NEON, 2 with AVX2, 4 with AVX-512);
// pixels are shuffled into (tap k, tap k+1) pairs per channel and multiplied by weight pairs with
// a widening multiply-add (pmaddwd). Vertical pass: int16 intermediate rows times 15-bit weights
// (MulFixedPoint15), full vectors. The arithmetic is the scalar twin's, so results are identical.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/resize_hwy.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <hwy/aligned_allocator.h>

#include <cstring>

#include "kernels/fixed_point.hpp"
#include "kernels/resize.hpp"
#include "kernels/resize_driver.hpp"
#include "kernels/scratch.hpp"
#include "kernels/simd_level.hpp"

HWY_BEFORE_NAMESPACE();
namespace imgbench::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

// One 128-bit block per input row: as many rows as the widest vector this target has.
#if HWY_ARCH_X86 && HWY_TARGET <= HWY_AVX3
using RowsTag = hn::Full512<std::uint8_t>;
#elif HWY_ARCH_X86 && HWY_TARGET == HWY_AVX2
using RowsTag = hn::Full256<std::uint8_t>;
#else
using RowsTag = hn::Full128<std::uint8_t>;
#endif
constexpr int kRowsPerVector = static_cast<int>(hn::MaxLanes(RowsTag()) / 16);

// Block b of the result holds the 16 bytes at sources[b] + offset.
template <class D>
hn::Vec<D> load_row_blocks(D d, const std::uint8_t* const* sources, std::size_t offset) {
  if constexpr (hn::MaxLanes(D()) <= 16) {
    return hn::LoadU(d, sources[0] + offset);
  } else {
    const hn::Half<D> half;
    constexpr std::size_t half_rows = hn::MaxLanes(D()) / 32;
    return hn::Combine(d, load_row_blocks(half, sources + half_rows, offset),
                       load_row_blocks(half, sources, offset));
  }
}

// Byte shuffles turning four pixels into int16 (tap, next tap) pairs per channel: pixels 0-1
// ("low") and 2-3 ("high"). Index 0x80 yields zero: the high byte of each int16, and the fourth
// channel of RGB.
constexpr std::uint8_t Z = 0x80;
HWY_ALIGN constexpr std::uint8_t kPairs4Low[16] = {0, Z, 4, Z, 1, Z, 5, Z, 2, Z, 6, Z, 3, Z, 7, Z};
HWY_ALIGN constexpr std::uint8_t kPairs4High[16] = {8,  Z, 12, Z, 9,  Z, 13, Z,
                                                    10, Z, 14, Z, 11, Z, 15, Z};
HWY_ALIGN constexpr std::uint8_t kPairs3Low[16] = {0, Z, 3, Z, 1, Z, 4, Z, 2, Z, 5, Z, Z, Z, Z, Z};
HWY_ALIGN constexpr std::uint8_t kPairs3High[16] = {6, Z, 9,  Z, 7, Z, 10, Z,
                                                    8, Z, 11, Z, Z, Z, Z,  Z};

std::uint32_t weight_pair(const std::int16_t* weights) {
  std::uint32_t pair;
  std::memcpy(&pair, weights, sizeof pair);
  return pair;
}

// Output pixel x of kRowsPerVector input rows; channels 3 or 4, window inside the row.
template <int Channels>
void resize_pixel_rows(const ResizeAxis& columns, int x, const std::uint8_t* const* sources,
                       std::int16_t* const* targets) {
  const RowsTag du8;
  const hn::Repartition<std::int16_t, RowsTag> di16;
  const hn::Repartition<std::int32_t, RowsTag> di32;
  const hn::Rebind<std::int16_t, decltype(di32)> di16_half;
  const auto low = hn::LoadDup128(du8, Channels == 4 ? kPairs4Low : kPairs3Low);
  const auto high = hn::LoadDup128(du8, Channels == 4 ? kPairs4High : kPairs3High);
  const std::int16_t* weights = columns.weights_of(x);
  const std::size_t offset = static_cast<std::size_t>(columns.first[x]) * Channels;
  auto sum0 = hn::Zero(di32);
  auto sum1 = hn::Zero(di32);
  for (int k = 0; k < columns.taps; k += 4) {
    const auto pixels =
        load_row_blocks(du8, sources, offset + static_cast<std::size_t>(k) * Channels);
    const auto pairs01 = hn::BitCast(di16, hn::TableLookupBytesOr0(pixels, low));
    const auto pairs23 = hn::BitCast(di16, hn::TableLookupBytesOr0(pixels, high));
    const auto weights01 = hn::BitCast(di16, hn::Set(di32, weight_pair(weights + k)));
    const auto weights23 = hn::BitCast(di16, hn::Set(di32, weight_pair(weights + k + 2)));
    sum0 = hn::ReorderWidenMulAccumulate(di32, pairs01, weights01, sum0, sum1);
    sum0 = hn::ReorderWidenMulAccumulate(di32, pairs23, weights23, sum0, sum1);
  }
  const int shift = columns.weight_bits - fixed::kIntermediateBits;
  const auto sums = hn::RearrangeToOddPlusEven(sum0, sum1);  // block b: row b's 4 channels
  const auto rounded = hn::ShiftRightSame(hn::Add(sums, hn::Set(di32, 1 << (shift - 1))), shift);
  HWY_ALIGN std::int16_t packed[4 * kRowsPerVector];
  hn::Store(hn::DemoteTo(di16_half, rounded), di16_half, packed);
  // Four int16 per row; for RGB the fourth lands on the next pixel, rewritten next (or slack).
  for (int r = 0; r < kRowsPerVector; ++r) {
    std::memcpy(targets[r] + static_cast<std::size_t>(x) * Channels, packed + 4 * r, 8);
  }
}

template <int Channels>
void resize_rows(const ResizeAxis& columns, const std::uint8_t* const* sources,
                 std::int16_t* const* targets) {
  // A window reads taps pixels, plus 4 bytes beyond them for RGB's 16-byte loads.
  const std::size_t row_bytes = static_cast<std::size_t>(columns.in) * Channels;
  const std::size_t overread = Channels == 3 ? 4 : 0;
  for (int x = 0; x < columns.out; ++x) {
    const std::size_t end = static_cast<std::size_t>(columns.first[x] + columns.taps) * Channels;
    if (columns.taps <= columns.in && end + overread <= row_bytes) {
      resize_pixel_rows<Channels>(columns, x, sources, targets);
    } else {
      for (int r = 0; r < kRowsPerVector; ++r) {
        detail::resize_pixel_scalar(columns, x, sources[r], Channels, targets[r]);
      }
    }
  }
}

// Output row from the window's intermediate rows; `broadcast` holds each weight in a full vector.
void resize_column(const std::int16_t* const* rows, const std::int16_t* broadcast, int count,
                   const std::int16_t* weights, int weight_bits, std::size_t samples,
                   std::uint8_t* out) {
  const int shift = detail::vertical_shift(weight_bits);
  const hn::ScalableTag<std::int16_t> d16;
  const auto half = hn::Set(d16, static_cast<std::int16_t>(1 << (shift - 1)));
  const hn::Rebind<std::uint8_t, decltype(d16)> du8;
  const std::size_t lanes = hn::Lanes(d16);
  std::size_t i = 0;
  for (; i + lanes <= samples; i += lanes) {
    auto sum = hn::Zero(d16);
    for (int k = 0; k < count; ++k) {
      const auto weight = hn::Load(d16, broadcast + k * lanes);
      sum = hn::Add(sum, hn::MulFixedPoint15(hn::LoadU(d16, rows[k] + i), weight));
    }
    const auto rounded = hn::ShiftRightSame(hn::Add(sum, half), shift);
    hn::StoreU(hn::DemoteTo(du8, rounded), du8, out + i);
  }
  detail::resize_column_scalar(rows, weights, count, weight_bits, samples, i, out);
}

#endif  // HWY_TARGET != HWY_SCALAR

void Resize(const ResizePlan& plan, const std::uint8_t* in, std::size_t in_stride, int channels,
            std::uint8_t* out, std::size_t out_stride) {
#if HWY_TARGET == HWY_SCALAR
  resize_scalar(plan, in, in_stride, channels, out, out_stride);
#else
  const std::size_t samples = static_cast<std::size_t>(plan.columns.out) * channels;
  const int group = channels == 1 ? 1 : kRowsPerVector;
  // Rows beyond the last input row (a short final group) are read from the last row again and
  // written to scratch.
  std::int16_t* const spare =
      detail::scratch(detail::ScratchSlot::spare, samples + detail::kRowSlack);
  auto horizontal = [&](int row, int count, std::int16_t* const* targets) {
    const std::uint8_t* sources[kRowsPerVector];
    std::int16_t* outputs[kRowsPerVector];
    for (int r = 0; r < group; ++r) {
      const int source_row = row + std::min(r, count - 1);
      sources[r] = in + static_cast<std::size_t>(source_row) * in_stride;
      outputs[r] = r < count ? targets[r] : spare;
    }
    switch (channels) {
      case 3: return resize_rows<3>(plan.columns, sources, outputs);
      case 4: return resize_rows<4>(plan.columns, sources, outputs);
      default: return detail::resize_row_scalar(plan.columns, sources[0], channels, outputs[0]);
    }
  };
  const hn::ScalableTag<std::int16_t> d16;
  const std::size_t lanes = hn::Lanes(d16);
  auto broadcast = hwy::AllocateAligned<std::int16_t>(lanes * plan.rows.taps);
  auto vertical = [&](const std::int16_t* const* rows, const std::int16_t* weights, int count,
                      std::uint8_t* out_row) {
    for (int k = 0; k < count; ++k) hn::Store(hn::Set(d16, weights[k]), d16, &broadcast[k * lanes]);
    resize_column(rows, broadcast.get(), count, weights, plan.rows.weight_bits, samples, out_row);
  };
  detail::run_resize(plan, channels, group, horizontal, vertical, out, out_stride);
#endif
}

}  // namespace imgbench::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace imgbench::kernels {

HWY_EXPORT(Resize);

void resize(const ResizePlan& plan, const std::uint8_t* in, std::size_t in_stride, int channels,
            std::uint8_t* out, std::size_t out_stride) {
  if (scalar_selected()) {
    resize_scalar(plan, in, in_stride, channels, out, out_stride);
  } else {
    HWY_DYNAMIC_DISPATCH(Resize)(plan, in, in_stride, channels, out, out_stride);
  }
}

}  // namespace imgbench::kernels
#endif
