// RGB(A) to gray with Highway: pixels deinterleaved, widened to 16 bits, weighed exactly as
// grayscale.hpp derives it, narrowed back; the scalar twin is at the end of this file.
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

// The gray samples of 16-bit lanes, narrowed to 8 bits.
template <class D16>
HWY_INLINE hn::Vec<hn::Rebind<std::uint8_t, D16>> luma(D16 d16, hn::Vec<D16> r, hn::Vec<D16> g,
                                                       hn::Vec<D16> b) {
  const hn::RebindToSigned<D16> di16;
  const hn::Rebind<std::uint8_t, D16> d8;
  const auto high = hn::Add(hn::Add(hn::Mul(r, hn::Set(d16, 37)), hn::Mul(g, hn::Set(d16, 73))),
                            hn::Add(hn::Mul(b, hn::Set(d16, 14)), hn::Set(d16, 62)));
  const auto low =
      hn::Add(hn::Mul(hn::Add(r, g), hn::Set(d16, 3)), hn::Add(hn::Add(b, b), hn::Set(d16, 4)));
  const auto q = hn::Add(high, hn::ShiftRight<3>(low));
  const auto gray = hn::ShiftRight<6>(hn::MulHigh(q, hn::Set(d16, 33555)));
  return hn::DemoteTo(d8, hn::BitCast(di16, gray));  // <= 255: exact
}

// One row; returns how many pixels it left to the scalar tail.
template <int kChannels>
HWY_INLINE int grayscale_row(const std::uint8_t* in, int width, std::uint8_t* out) {
  const hn::ScalableTag<std::uint8_t> d8;
  const hn::Half<decltype(d8)> dh;
  const hn::Rebind<std::uint16_t, decltype(dh)> d16;
  const int lanes = static_cast<int>(hn::Lanes(d8));
  const std::size_t half = hn::Lanes(dh);
  int x = 0;
  for (; x + lanes <= width; x += lanes) {
    hn::Vec<decltype(d8)> r, g, b, a;
    if constexpr (kChannels == 4) {
      hn::LoadInterleaved4(d8, in + 4 * x, r, g, b, a);
    } else {
      hn::LoadInterleaved3(d8, in + 3 * x, r, g, b);
    }
    hn::StoreU(
        luma(d16, hn::PromoteTo(d16, hn::LowerHalf(dh, r)),
             hn::PromoteTo(d16, hn::LowerHalf(dh, g)), hn::PromoteTo(d16, hn::LowerHalf(dh, b))),
        dh, out + x);
    hn::StoreU(
        luma(d16, hn::PromoteTo(d16, hn::UpperHalf(dh, r)),
             hn::PromoteTo(d16, hn::UpperHalf(dh, g)), hn::PromoteTo(d16, hn::UpperHalf(dh, b))),
        dh, out + x + half);
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
