// Our kernels against the reference, on every SIMD level this machine runs, on awkward shapes
// and padded strides.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "kernels/crop.hpp"
#include "kernels/rotate.hpp"
#include "kernels/simd_level.hpp"
#include "reference/kernels.hpp"

namespace imgbench::kernels {
namespace {

// An image whose every sample differs from its neighbours, with `padding` bytes after each row.
Image numbered(int width, int height, int channels, std::size_t padding) {
  Image image(width, height, channels, static_cast<std::size_t>(width) * channels + padding);
  for (int y = 0; y < height; ++y) {
    for (std::size_t i = 0; i < image.row_bytes(); ++i) {
      image.row(y)[i] = static_cast<std::uint8_t>(i * 7 + static_cast<std::size_t>(y) * 31 + 5);
    }
    for (std::size_t i = image.row_bytes(); i < image.stride(); ++i) image.row(y)[i] = 0xEE;
  }
  return image;
}

struct Level : ::testing::TestWithParam<std::string> {
  void SetUp() override { select_simd_level(GetParam()); }
  void TearDown() override { select_simd_level("best"); }
};

const std::pair<int, int> kShapes[] = {{1, 1},   {1, 9},   {9, 1},   {7, 13}, {4, 4},
                                       {37, 29}, {64, 64}, {65, 67}, {100, 3}};

TEST_P(Level, IsTheOneInUse) {
  EXPECT_EQ(simd_level(), GetParam());
}

TEST_P(Level, Rotate90MatchesTheReferenceExactly) {
  for (const auto& [width, height] : kShapes) {
    for (int channels : {1, 3, 4}) {
      for (std::size_t padding : {std::size_t{0}, std::size_t{13}}) {
        const Image in = numbered(width, height, channels, padding);
        Image out(height, width, channels, static_cast<std::size_t>(height) * channels + padding);
        rotate90(in.data(), in.stride(), width, height, channels, out.data(), out.stride());
        EXPECT_TRUE(out.same_pixels(reference::rotate90(in)))
            << width << "x" << height << "x" << channels << " padding " << padding;
      }
    }
  }
}

TEST_P(Level, CropMatchesTheReferenceExactly) {
  const Image in = numbered(37, 29, 3, 5);
  for (const Crop box : {Crop{0, 0, 37, 29}, Crop{3, 5, 7, 11}, Crop{36, 28, 1, 1}}) {
    Image out(box.width, box.height, 3, static_cast<std::size_t>(box.width) * 3 + 3);
    crop(in.data(), in.stride(), box.x, box.y, box.width, box.height, 3, out.data(), out.stride());
    EXPECT_TRUE(out.same_pixels(reference::crop(in, box)));
  }
}

INSTANTIATE_TEST_SUITE_P(EveryLevel, Level, ::testing::ValuesIn(simd_levels()),
                         [](const auto& param_info) { return param_info.param; });

TEST(SimdLevel, ScalarIsAlwaysThereAndUnknownLevelsAreRefused) {
  const auto levels = simd_levels();
  ASSERT_FALSE(levels.empty());
  EXPECT_EQ(levels.back(), "scalar");
  EXPECT_THROW(select_simd_level("mmx"), Error);
  select_simd_level("best");
  EXPECT_EQ(simd_level(), levels.front());
}

}  // namespace
}  // namespace imgbench::kernels
