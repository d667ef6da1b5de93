// Gaussian blur with Highway: full vectors of int16 samples in both passes, symmetric taps added
// before one MulFixedPoint15 each. The arithmetic is the scalar twin's, so results are identical.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/blur_hwy.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include <hwy/aligned_allocator.h>

#include "kernels/blur.hpp"
#include "kernels/blur_driver.hpp"
#include "kernels/fixed_point.hpp"
#include "kernels/simd_level.hpp"

HWY_BEFORE_NAMESPACE();
namespace imgbench::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

// Horizontal pass over one widened row (value * 64, padded), into an intermediate row.
void blur_row(const std::int16_t* row, const BlurKernel& kernel, const std::int16_t* broadcast,
              int channels, std::size_t samples, std::int16_t* out) {
  const hn::ScalableTag<std::int16_t> d16;
  const std::size_t lanes = hn::Lanes(d16);
  std::size_t i = 0;
  for (; i + lanes <= samples; i += lanes) {
    auto sum = hn::MulFixedPoint15(hn::LoadU(d16, row + i), hn::Load(d16, broadcast));
    const std::int16_t* left = row + i;
    const std::int16_t* right = row + i;
    for (int k = 1; k <= kernel.radius; ++k) {
      left -= channels;
      right += channels;
      const auto pair = hn::SaturatedAdd(hn::LoadU(d16, left), hn::LoadU(d16, right));
      sum = hn::Add(sum, hn::MulFixedPoint15(pair, hn::Load(d16, broadcast + k * lanes)));
    }
    hn::StoreU(sum, d16, out + i);
  }
  detail::blur_row_scalar(row, kernel, channels, samples, i, out);
}

// Vertical pass over the intermediate rows, rounded to 8 bit.
void blur_column(const std::int16_t* const* above, const std::int16_t* const* below,
                 const BlurKernel& kernel, const std::int16_t* broadcast, std::size_t samples,
                 std::uint8_t* out) {
  const hn::ScalableTag<std::int16_t> d16;
  const hn::Rebind<std::uint8_t, decltype(d16)> du8;
  const std::size_t lanes = hn::Lanes(d16);
  constexpr int bits = fixed::kIntermediateBits;
  const auto half = hn::Set(d16, 1 << (bits - 1));
  std::size_t i = 0;
  for (; i + lanes <= samples; i += lanes) {
    auto sum = hn::MulFixedPoint15(hn::LoadU(d16, above[0] + i), hn::Load(d16, broadcast));
    for (int k = 1; k <= kernel.radius; ++k) {
      const auto pair =
          hn::SaturatedAdd(hn::LoadU(d16, above[k] + i), hn::LoadU(d16, below[k] + i));
      sum = hn::Add(sum, hn::MulFixedPoint15(pair, hn::Load(d16, broadcast + k * lanes)));
    }
    hn::StoreU(hn::DemoteTo(du8, hn::ShiftRight<bits>(hn::Add(sum, half))), du8, out + i);
  }
  detail::blur_column_scalar(above, below, kernel, samples, i, out);
}

#endif  // HWY_TARGET != HWY_SCALAR

void Blur(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
          int height, int channels, std::uint8_t* out, std::size_t out_stride) {
#if HWY_TARGET == HWY_SCALAR
  blur_scalar(kernel, in, in_stride, width, height, channels, out, out_stride);
#else
  const hn::ScalableTag<std::int16_t> d16;
  const std::size_t lanes = hn::Lanes(d16);
  auto broadcast = hwy::AllocateAligned<std::int16_t>(lanes * (kernel.radius + 1));
  for (int k = 0; k <= kernel.radius; ++k) {
    hn::Store(hn::Set(d16, kernel.weights[k]), d16, &broadcast[k * lanes]);
  }
  const std::size_t samples = static_cast<std::size_t>(width) * channels;
  detail::run_blur(
      kernel, in, in_stride, width, height, channels,
      [&](const std::int16_t* row, std::int16_t* out_row) {
        blur_row(row, kernel, broadcast.get(), channels, samples, out_row);
      },
      [&](const std::int16_t* const* above, const std::int16_t* const* below,
          std::uint8_t* out_row) {
        blur_column(above, below, kernel, broadcast.get(), samples, out_row);
      },
      out, out_stride);
#endif
}

}  // namespace imgbench::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace imgbench::kernels {

HWY_EXPORT(Blur);

void blur(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
          int height, int channels, std::uint8_t* out, std::size_t out_stride) {
  if (scalar_selected()) {
    blur_scalar(kernel, in, in_stride, width, height, channels, out, out_stride);
  } else {
    HWY_DYNAMIC_DISPATCH(Blur)(kernel, in, in_stride, width, height, channels, out, out_stride);
  }
}

}  // namespace imgbench::kernels
#endif
