// libFuzzer target: our SIMD kernels on random sizes, strides, channel counts, factors and sigmas,
// at a random SIMD level. Each output must equal the scalar twin's bit for bit, stay within one
// step of the double-precision reference (tests/test_kernels.cpp holds the same bound), and leave
// the stride padding after each row untouched. A violation aborts with the case on stderr.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels/blur.hpp"
#include "kernels/crop.hpp"
#include "kernels/resize.hpp"
#include "kernels/rotate.hpp"
#include "kernels/simd_level.hpp"
#include "reference/kernels.hpp"
#include "reference/metrics.hpp"

namespace {

using namespace imgbench;

constexpr std::uint8_t kGuard = 0xA5;  // what the padding after each row holds

// Samples with a stride: each row is followed by `padding` guard bytes.
struct Strided {
  int width, height, channels;
  std::size_t stride;
  std::vector<std::uint8_t> bytes;

  Strided(int w, int h, int c, int padding)
      : width(w),
        height(h),
        channels(c),
        stride(static_cast<std::size_t>(w) * c + static_cast<std::size_t>(padding)),
        bytes(stride * static_cast<std::size_t>(h), kGuard) {}
  std::size_t row_bytes() const { return static_cast<std::size_t>(width) * channels; }
  bool padding_intact() const {
    for (int y = 0; y < height; ++y) {
      for (std::size_t i = row_bytes(); i < stride; ++i) {
        if (bytes[y * stride + i] != kGuard) return false;
      }
    }
    return true;
  }
  Image image() const {
    Image out(width, height, channels);
    for (int y = 0; y < height; ++y) {
      std::copy_n(bytes.data() + y * stride, row_bytes(), out.row(y));
    }
    return out;
  }
};

[[noreturn]] void fail(const std::string& what, const std::string& case_text) {
  std::fprintf(stderr, "fuzz_kernels: %s: %s\n", what.c_str(), case_text.c_str());
  std::abort();
}

void check(const Strided& simd, const Strided& scalar, const Image& expected,
           const std::string& case_text) {
  if (!simd.padding_intact() || !scalar.padding_intact()) fail("wrote into the padding", case_text);
  const Image got = simd.image();
  if (!got.same_pixels(scalar.image())) fail("SIMD differs from the scalar twin", case_text);
  const reference::Comparison comparison = reference::compare(expected, got);
  if (!comparison.same_shape || comparison.max_diff > 1) {
    fail("more than one step from the reference (max diff " + std::to_string(comparison.max_diff) +
             ")",
         case_text);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  static const std::vector<std::string> levels = kernels::simd_levels();
  const std::string level = levels[in.ConsumeIntegralInRange<std::size_t>(0, levels.size() - 1)];
  const int operation = in.ConsumeIntegralInRange(0, 3);
  const int width = in.ConsumeIntegralInRange(1, 80);
  const int height = in.ConsumeIntegralInRange(1, 80);
  const int channels = in.PickValueInArray({1, 3, 4});
  const int in_padding = in.ConsumeIntegralInRange(0, 40);
  const int out_padding = in.ConsumeIntegralInRange(0, 40);
  std::string case_text = "level " + level + ", op " + std::to_string(operation) + ", " +
                          std::to_string(width) + "x" + std::to_string(height) + "x" +
                          std::to_string(channels) + ", padding " + std::to_string(in_padding) +
                          "/" + std::to_string(out_padding);

  // Operation parameters first, pixels from whatever is left (cycled; zeros if nothing is).
  const int out_width = in.ConsumeIntegralInRange(1, width);
  const int out_height = in.ConsumeIntegralInRange(1, height);
  const auto filter = static_cast<Filter>(in.ConsumeIntegralInRange(0, 3));
  const double sigma = in.ConsumeFloatingPointInRange(0.3, 12.0);
  const int crop_x = in.ConsumeIntegralInRange(0, width - 1);
  const int crop_y = in.ConsumeIntegralInRange(0, height - 1);
  const int crop_width = in.ConsumeIntegralInRange(1, width - crop_x);
  const int crop_height = in.ConsumeIntegralInRange(1, height - crop_y);
  const std::vector<std::uint8_t> pixels = in.ConsumeRemainingBytes<std::uint8_t>();

  Strided source(width, height, channels, in_padding);
  for (int y = 0; y < height; ++y) {
    for (std::size_t i = 0; i < source.row_bytes(); ++i) {
      const std::size_t n = y * source.row_bytes() + i;
      source.bytes[y * source.stride + i] = pixels.empty() ? 0 : pixels[n % pixels.size()];
    }
  }
  const Image input = source.image();

  kernels::select_simd_level(level);
  switch (operation) {
    case 0: {
      Strided simd(height, width, channels, out_padding), scalar = simd;
      kernels::rotate90(source.bytes.data(), source.stride, width, height, channels,
                        simd.bytes.data(), simd.stride);
      kernels::rotate90_scalar(source.bytes.data(), source.stride, width, height, channels,
                               scalar.bytes.data(), scalar.stride);
      check(simd, scalar, reference::rotate90(input), case_text);
      break;
    }
    case 1: {
      case_text += ", resize to " + std::to_string(out_width) + "x" + std::to_string(out_height) +
                   " filter " + std::string(to_string(filter));
      const auto plan = kernels::make_resize_plan(width, height, out_width, out_height, filter);
      Strided simd(out_width, out_height, channels, out_padding), scalar = simd;
      kernels::resize(plan, source.bytes.data(), source.stride, channels, simd.bytes.data(),
                      simd.stride);
      kernels::resize_scalar(plan, source.bytes.data(), source.stride, channels,
                             scalar.bytes.data(), scalar.stride);
      check(simd, scalar, reference::resize(input, Resize{out_width, out_height, filter}),
            case_text);
      break;
    }
    case 2: {
      case_text += ", blur sigma " + std::to_string(sigma);
      const auto kernel = kernels::make_blur_kernel(sigma);
      Strided simd(width, height, channels, out_padding), scalar = simd;
      kernels::blur(kernel, source.bytes.data(), source.stride, width, height, channels,
                    simd.bytes.data(), simd.stride);
      kernels::blur_scalar(kernel, source.bytes.data(), source.stride, width, height, channels,
                           scalar.bytes.data(), scalar.stride);
      check(simd, scalar, reference::blur(input, Blur{sigma}), case_text);
      break;
    }
    default: {
      case_text += ", crop " + std::to_string(crop_x) + "," + std::to_string(crop_y) + " " +
                   std::to_string(crop_width) + "x" + std::to_string(crop_height);
      Strided copy(crop_width, crop_height, channels, out_padding);
      kernels::crop(source.bytes.data(), source.stride, crop_x, crop_y, crop_width, crop_height,
                    channels, copy.bytes.data(), copy.stride);
      check(copy, copy, reference::crop(input, Crop{crop_x, crop_y, crop_width, crop_height}),
            case_text);
      break;
    }
  }
  return 0;
}
