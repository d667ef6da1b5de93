// PSNR, maximum difference, interior PSNR and the tolerance table.
#include <gtest/gtest.h>

#include <cmath>

#include "reference/metrics.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::reference {
namespace {

Image filled(int width, int height, int channels, std::uint8_t value) {
  Image image(width, height, channels);
  for (int y = 0; y < height; ++y) {
    for (std::size_t i = 0; i < image.row_bytes(); ++i) image.row(y)[i] = value;
  }
  return image;
}

TEST(Metrics, IdenticalImagesAreInfinitelyClose) {
  const Image a = filled(10, 10, 3, 9);
  const Comparison c = compare(a, a);
  EXPECT_TRUE(std::isinf(c.psnr));
  EXPECT_GT(c.psnr, 0);
  EXPECT_EQ(c.max_diff, 0);
  EXPECT_EQ(c.differing_samples, 0u);
}

TEST(Metrics, OneSampleOffByOne) {
  const Image a = filled(10, 10, 3, 100);
  Image b = a;
  b.at(4, 5, 2) = 101;
  const Comparison c = compare(a, b);
  // MSE = 1/300, PSNR = 10 log10(255^2 * 300) = 72.90 dB.
  EXPECT_NEAR(c.psnr, 10 * std::log10(65025.0 * 300), 1e-9);
  EXPECT_NEAR(c.psnr, 72.90, 0.01);
  EXPECT_EQ(c.max_diff, 1);
  EXPECT_EQ(c.differing_samples, 1u);
  EXPECT_NEAR(c.mean_error, 1.0 / 300, 1e-12);
}

TEST(Metrics, KnownMeanSquaredError) {
  const Comparison c = compare(filled(8, 8, 1, 10), filled(8, 8, 1, 20));  // MSE 100
  EXPECT_NEAR(c.psnr, 10 * std::log10(65025.0 / 100), 1e-9);
  EXPECT_EQ(c.max_diff, 10);
  EXPECT_NEAR(c.mean_error, 10, 1e-12);
}

TEST(Metrics, InteriorExcludesTheBorder) {
  const Image a = filled(20, 20, 1, 50);
  Image b = a;
  b.at(0, 0, 0) = 250;  // corner: outside a 2-px interior
  const Comparison c = compare(a, b, 2);
  EXPECT_LT(c.psnr, 60);
  EXPECT_TRUE(std::isinf(c.psnr_interior));
  EXPECT_TRUE(std::isnan(compare(a, b, 10).psnr_interior));  // nothing left inside
}

TEST(Metrics, DifferentShapesNeverPass) {
  const Comparison c = compare(filled(4, 4, 3, 0), filled(4, 5, 3, 0));
  EXPECT_FALSE(c.same_shape);
  EXPECT_FALSE(tolerance_for("rotate90").passes(c));
  EXPECT_FALSE(tolerance_for("blur").passes(c));
}

TEST(Tolerances, ExactOperationsFailOnASingleDifference) {
  const Image a = filled(50, 50, 3, 100);
  Image b = a;
  b.at(10, 10, 1) = 101;  // 85 dB: any PSNR threshold would pass it
  const Comparison c = compare(a, b);
  for (const char* kind : {"decode", "encode", "rotate90", "crop"}) {
    EXPECT_TRUE(tolerance_for(kind).exact()) << kind;
    EXPECT_FALSE(tolerance_for(kind).passes(c)) << kind;
    EXPECT_TRUE(tolerance_for(kind).passes(compare(a, a))) << kind;
  }
}

TEST(Tolerances, ThresholdsSeparateCloseFromFar) {
  const Image a = filled(10, 10, 1, 100);
  Image near = a, far = a;
  near.at(3, 3, 0) = 102;                              // 20 log10(255 / sqrt(4/100)) = 62 dB
  for (int x = 0; x < 10; ++x) far.at(x, 3, 0) = 120;  // MSE 40: 32 dB
  for (const char* kind : {"resize", "blur"}) {
    EXPECT_TRUE(tolerance_for(kind).passes(compare(a, near))) << kind;
    EXPECT_FALSE(tolerance_for(kind).passes(compare(a, far))) << kind;
  }
  EXPECT_THROW(tolerance_for("sharpen"), std::exception);
}

}  // namespace
}  // namespace imgbench::reference
