// The reference kernels against small cases computed by hand.
#include <gtest/gtest.h>

#include <cmath>

#include "core/error.hpp"
#include "reference/kernels.hpp"

namespace imgbench::reference {
namespace {

Image gray_row(std::initializer_list<int> values) {
  Image image(static_cast<int>(values.size()), 1, 1);
  int x = 0;
  for (int v : values) image.at(x++, 0, 0) = static_cast<std::uint8_t>(v);
  return image;
}

void expect_taps(const Taps& taps, int first, std::vector<double> weights) {
  EXPECT_EQ(taps.first, first);
  ASSERT_EQ(taps.weights.size(), weights.size());
  for (std::size_t i = 0; i < weights.size(); ++i)
    EXPECT_NEAR(taps.weights[i], weights[i], 1e-12) << i;
}

TEST(ReferenceRotate, IsClockwise) {
  // 3x2 input, samples numbered by position:   1 2 3      rotated clockwise:  4 1
  //                                            4 5 6                         5 2
  //                                                                          6 3
  Image input(3, 2, 1);
  for (int i = 0; i < 6; ++i) input.at(i % 3, i / 3, 0) = static_cast<std::uint8_t>(i + 1);
  const Image out = rotate90(input);
  ASSERT_EQ(out.width(), 2);
  ASSERT_EQ(out.height(), 3);
  const int expected[3][2] = {{4, 1}, {5, 2}, {6, 3}};
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 2; ++x) EXPECT_EQ(out.at(x, y, 0), expected[y][x]) << x << "," << y;
  }
}

TEST(ReferenceRotate, KeepsChannelsTogether) {
  Image input(1, 2, 3);
  input.at(0, 0, 0) = 10, input.at(0, 0, 1) = 20, input.at(0, 0, 2) = 30;
  input.at(0, 1, 0) = 40, input.at(0, 1, 1) = 50, input.at(0, 1, 2) = 60;
  const Image out = rotate90(input);  // 2x1: bottom pixel first
  EXPECT_EQ(out.at(0, 0, 0), 40);
  EXPECT_EQ(out.at(0, 0, 2), 60);
  EXPECT_EQ(out.at(1, 0, 1), 20);
}

TEST(ReferenceCrop, CopiesTheBoxExactly) {
  Image input(4, 3, 1);
  for (int y = 0; y < 3; ++y) {
    for (int x = 0; x < 4; ++x) input.at(x, y, 0) = static_cast<std::uint8_t>(10 * y + x);
  }
  const Image out = crop(input, {1, 1, 2, 2});
  ASSERT_EQ(out.shape(), (Shape{2, 2, 1}));
  EXPECT_EQ(out.at(0, 0, 0), 11);
  EXPECT_EQ(out.at(1, 0, 0), 12);
  EXPECT_EQ(out.at(0, 1, 0), 21);
  EXPECT_EQ(out.at(1, 1, 0), 22);
  EXPECT_THROW(crop(input, {3, 0, 2, 1}), Error);
  EXPECT_THROW(crop(input, {-1, 0, 1, 1}), Error);
}

TEST(ReferenceKernels, CatmullRomAndLanczosValues) {
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::bicubic, 0), 1);
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::bicubic, 1), 0);
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::bicubic, 0.5), 0.5625);
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::bicubic, -1.5), -0.0625);
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::bicubic, 2), 0);
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::lanczos3, 0), 1);
  EXPECT_NEAR(filter_kernel(Filter::lanczos3, 1), 0, 1e-15);
  EXPECT_NEAR(filter_kernel(Filter::lanczos3, 0.5), (2 / M_PI) * (std::sin(M_PI / 6) / (M_PI / 6)),
              1e-12);
  EXPECT_DOUBLE_EQ(filter_kernel(Filter::bilinear, 0.25), 0.75);
}

TEST(ReferenceResizeTaps, BilinearHalvingWidensTheKernel) {
  // 4 -> 2: scale 2, support 2 input pixels; centres at 1 and 3.
  const auto taps = resample_taps(4, 2, Filter::bilinear);
  ASSERT_EQ(taps.size(), 2u);
  expect_taps(taps[0], 0, {0.75 / 1.75, 0.75 / 1.75, 0.25 / 1.75});
  expect_taps(taps[1], 1, {0.25 / 1.75, 0.75 / 1.75, 0.75 / 1.75});
}

TEST(ReferenceResizeTaps, AreaCoversFractionalPixelsAtHalfIntegerRatios) {
  // 5 -> 2: each output covers 2.5 input pixels, the middle one split in half.
  const auto taps = resample_taps(5, 2, Filter::area);
  expect_taps(taps[0], 0, {0.4, 0.4, 0.2});
  expect_taps(taps[1], 2, {0.2, 0.4, 0.4});
  const auto halving = resample_taps(4, 2, Filter::area);
  expect_taps(halving[0], 0, {0.5, 0.5});
  expect_taps(halving[1], 2, {0.5, 0.5});
}

TEST(ReferenceResizeTaps, SameSizeIsIdentityForEveryFilter) {
  for (Filter filter : kAllFilters) {
    const auto taps = resample_taps(7, 7, filter);
    for (int x = 0; x < 7; ++x) expect_taps(taps[x], x, {1.0});
  }
}

TEST(ReferenceResizeTaps, WeightsAreNormalisedAtTheBorders) {
  for (Filter filter : kAllFilters) {
    for (const auto& taps : resample_taps(1000, 7, filter)) {
      double sum = 0;
      for (double w : taps.weights) sum += w;
      EXPECT_NEAR(sum, 1, 1e-12);
      EXPECT_GE(taps.first, 0);
      EXPECT_LE(taps.first + static_cast<int>(taps.weights.size()), 1000);
    }
  }
}

TEST(ReferenceResize, HandComputedBilinearRow) {
  // [0 100 200 100] -> 2 samples: (0.75*0 + 0.75*100 + 0.25*200)/1.75 = 71.43 -> 71,
  //                               (0.25*100 + 0.75*200 + 0.75*100)/1.75 = 142.86 -> 143.
  const Image out = resize(gray_row({0, 100, 200, 100}), {2, 1, Filter::bilinear});
  EXPECT_EQ(out.at(0, 0, 0), 71);
  EXPECT_EQ(out.at(1, 0, 0), 143);
}

TEST(ReferenceResize, OutputSizeAndConstantImage) {
  Image input(100, 60, 3);
  for (int y = 0; y < 60; ++y) {
    for (int x = 0; x < 300; ++x) input.row(y)[x] = 77;
  }
  for (Filter filter : kAllFilters) {
    const Image out = resize(input, {40, 24, filter});
    ASSERT_EQ(out.shape(), (Shape{40, 24, 3}));
    for (int y = 0; y < 24; ++y) {
      for (int x = 0; x < 120; ++x) ASSERT_EQ(out.row(y)[x], 77) << to_string(filter);
    }
  }
}

TEST(ReferenceResize, AreaUpscaleIsRejected) {
  EXPECT_THROW(resize(Image(4, 4, 1), {8, 8, Filter::area}), Error);
}

TEST(ReferenceBlur, GaussianKernelShape) {
  const auto kernel = gaussian_kernel(2.0);
  ASSERT_EQ(kernel.size(), 2u * 16 + 1);
  double sum = 0;
  for (double w : kernel) sum += w;
  EXPECT_NEAR(sum, 1, 1e-12);
  EXPECT_DOUBLE_EQ(kernel[16 - 3], kernel[16 + 3]);
  EXPECT_NEAR(kernel[17] / kernel[16], std::exp(-1.0 / 8), 1e-12);
}

TEST(ReferenceBlur, HandComputedSpikeWithReplicatedEdges) {
  // sigma 0.5: weights e^(-2k^2) / S with S = 1 + 2(e^-2 + e^-8 + e^-18 + e^-32) = 1.271342.
  // Centre: 255 / S = 200.58 -> 201. Edge sample 0 sees the spike once, at distance 1:
  // 255 e^-2 / S = 27.14 -> 27 (its own value and the replicated ones beyond the edge are 0).
  const Image out = blur(gray_row({0, 255, 0}), {0.5});
  EXPECT_EQ(out.at(1, 0, 0), 201);
  EXPECT_EQ(out.at(0, 0, 0), 27);
  EXPECT_EQ(out.at(2, 0, 0), 27);
}

TEST(ReferenceBlur, ReplicatedEdgesKeepAConstantImageConstant) {
  Image input(9, 5, 1);
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 9; ++x) input.at(x, y, 0) = 200;
  }
  const Image out = blur(input, {3.0});  // kernel far wider than the image
  for (int y = 0; y < 5; ++y) {
    for (int x = 0; x < 9; ++x) EXPECT_EQ(out.at(x, y, 0), 200);
  }
}

TEST(ReferenceRounding, RoundsHalfUpAndClamps) {
  EXPECT_EQ(round_to_u8(0.5), 1);
  EXPECT_EQ(round_to_u8(1.49), 1);
  EXPECT_EQ(round_to_u8(254.5), 255);
  EXPECT_EQ(round_to_u8(-3), 0);
  EXPECT_EQ(round_to_u8(300), 255);
}

}  // namespace
}  // namespace imgbench::reference
