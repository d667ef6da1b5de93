// RGB(A) to gray with Highway: pixels deinterleaved, widened to 16 bits, weighed exactly as
// grayscale.hpp derives it, narrowed back; the scalar twin is at the end of this file.
// Measured on 2560x1600 RGB (EPYC, AVX-512, median of 5, three alternating runs): 0.864-0.887 ms,
// OpenCV's cvtColor 0.979-1.00 ms. Deinterleaving a whole vector of bytes and weighing it in two
// halves measured 0.928-0.935 ms; 32-bit lanes with 20-bit weights 0.98 ms; float FMA 1.30 ms.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "kernels/grayscale_hwy.cpp"
#include <hwy/foreach_target.h>  // IWYU pragma: keep
#include <hwy/highway.h>

#include "kernels/grayscale.hpp"
#include "kernels/simd_level.hpp"

HWY_BEFORE_NAMESPACE();
namespace imgbench::kernels::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR

// One row; returns how many pixels it left to the scalar tail.
template <int kChannels>
HWY_INLINE int grayscale_row(const std::uint8_t* in, int width, std::uint8_t* out) {
  const hn::ScalableTag<std::uint16_t> d16;
  const hn::RebindToSigned<decltype(d16)> di16;
  const hn::Rebind<std::uint8_t, decltype(d16)> d8;
  const int lanes = static_cast<int>(hn::Lanes(d16));
  int x = 0;
  for (; x + lanes <= width; x += lanes) {
    hn::Vec<decltype(d8)> r8, g8, b8, a8;
    if constexpr (kChannels == 4) {
      hn::LoadInterleaved4(d8, in + 4 * x, r8, g8, b8, a8);
    } else {
      hn::LoadInterleaved3(d8, in + 3 * x, r8, g8, b8);
    }
    const auto r = hn::PromoteTo(d16, r8), g = hn::PromoteTo(d16, g8), b = hn::PromoteTo(d16, b8);
    const auto high = hn::Add(hn::Add(hn::Mul(r, hn::Set(d16, 37)), hn::Mul(g, hn::Set(d16, 73))),
                              hn::Add(hn::Mul(b, hn::Set(d16, 14)), hn::Set(d16, 62)));
    const auto low =
        hn::Add(hn::Mul(hn::Add(r, g), hn::Set(d16, 3)), hn::Add(hn::Add(b, b), hn::Set(d16, 4)));
    const auto q = hn::Add(high, hn::ShiftRight<3>(low));
    const auto gray = hn::ShiftRight<6>(hn::MulHigh(q, hn::Set(d16, 33555)));
    hn::StoreU(hn::DemoteTo(d8, hn::BitCast(di16, gray)), d8, out + x);  // <= 255: exact
  }
  return width - x;
}

#endif  // HWY_TARGET != HWY_SCALAR

void Grayscale(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
               std::uint8_t* out, std::size_t out_stride) {
#if HWY_TARGET == HWY_SCALAR
  grayscale_scalar(in, in_stride, width, height, channels, out, out_stride);
#else
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* row = in + y * in_stride;
    std::uint8_t* gray = out + y * out_stride;
    const int tail =
        channels == 4 ? grayscale_row<4>(row, width, gray) : grayscale_row<3>(row, width, gray);
    const int done = width - tail;
    grayscale_scalar(row + done * channels, in_stride, tail, 1, channels, gray + done, out_stride);
  }
#endif
}

}  // namespace imgbench::kernels::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace imgbench::kernels {

HWY_EXPORT(Grayscale);

void grayscale(const std::uint8_t* in, std::size_t in_stride, int width, int height, int channels,
               std::uint8_t* out, std::size_t out_stride) {
  if (scalar_selected()) {
    grayscale_scalar(in, in_stride, width, height, channels, out, out_stride);
  } else {
    HWY_DYNAMIC_DISPATCH(Grayscale)(in, in_stride, width, height, channels, out, out_stride);
  }
}

// The scalar twin.
void grayscale_scalar(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                      int channels, std::uint8_t* out, std::size_t out_stride) {
  for (int y = 0; y < height; ++y) {
    const std::uint8_t* pixel = in + y * in_stride;
    for (int x = 0; x < width; ++x, pixel += channels) {
      const unsigned r = pixel[0], g = pixel[1], b = pixel[2];
      const unsigned q = 37 * r + 73 * g + 14 * b + 62 + ((3 * (r + g) + 2 * b + 4) >> 3);
      out[y * out_stride + x] = static_cast<std::uint8_t>(((q * 33555) >> 16) >> 6);
    }
  }
}

}  // namespace imgbench::kernels
#endif
