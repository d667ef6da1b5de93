// PSNR, maximum difference, the local measures (border band, worst tile) and the tolerance table.
#include <gtest/gtest.h>

#include <cmath>

#include "core/operation.hpp"
#include "reference/metrics.hpp"
#include "reference/operations.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::reference {
namespace {

// The tolerance of the operation written `text`, on an input large enough for every one.
Tolerance tolerance_of(std::string_view text) {
  return tolerance_for(resolve(parse_step(text), Shape{1024, 1024, 3}));
}

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

// A textured image, so that the local criteria are not measured on flat grey alone.
Image textured(int width, int height) {
  Image image(width, height, 3);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      for (int c = 0; c < 3; ++c)
        image.at(x, y, c) = static_cast<std::uint8_t>((x * 7 + y * 13 + c * 50) % 200 + 20);
    }
  }
  return image;
}

// Adds `delta` to every sample of the rectangle [x0, x1) x [y0, y1).
void shift(Image& image, int x0, int y0, int x1, int y1, int delta) {
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      for (int c = 0; c < image.channels(); ++c)
        image.at(x, y, c) = static_cast<std::uint8_t>(image.at(x, y, c) + delta);
    }
  }
}

TEST(Metrics, TheBorderBandIsTheOuterPixelsOfEachEdgeAlone) {
  const Image a = filled(40, 30, 1, 50);
  Image b = a;
  b.at(20, 15, 0) = 60;  // the centre: outside every band
  EXPECT_TRUE(std::isinf(compare(a, b).psnr_border));
  Image c = a;
  c.at(kBorderBand - 1, 15, 0) = 60;  // the left band's innermost column
  // 1 sample of the left band's 8 * 30 = 240 differs by 10: MSE 100 / 240.
  const Comparison left = compare(a, c);
  EXPECT_NEAR(left.psnr_border, psnr_from_mse(100.0 / 240), 1e-9);
  EXPECT_EQ(left.border_edge, BorderEdge::left);
  // A band is at most the image: 10 x 5 with 8-px bands, the top and bottom bands are the whole
  // image, the left and right ones 8 of its 10 columns, where one sample off weighs the most.
  const Image small = filled(10, 5, 1, 50);
  Image d = small;
  d.at(5, 2, 0) = 60;
  EXPECT_NEAR(compare(small, d).psnr_border, psnr_from_mse(100.0 / 40), 1e-9);
  EXPECT_EQ(compare(small, d).border_edge, BorderEdge::left);
}

// Each edge is judged alone: an error confined to one edge's band fails there, though pooled with
// the other three edges' correct pixels it would pass the border threshold, and it passes the
// whole image and the tiles. A blur's wrong edge rule on the left and right edges only passed
// half of the synthetic cases with the four bands pooled.
void expect_one_edge_caught(const char* kind) {
  SCOPED_TRACE(kind);
  const int side = 256;
  const Tolerance tolerance = tolerance_of(kind);
  const int band = tolerance.border_band;
  // Off by `delta` on one sample in `every` of one edge's band: the smallest count that lets the
  // four bands pooled pass by 1 dB. The pooled ring is about four bands, 5.9 dB more.
  const double ring = 4.0 * band * side - 4.0 * band * band;
  int delta = 1;
  while (psnr_from_mse(delta * delta) > tolerance.min_border_psnr - 7) ++delta;
  int every = 1;
  while (psnr_from_mse(delta * delta / static_cast<double>(every) * (band * side) / ring) <
         tolerance.min_border_psnr + 1) {
    ++every;
  }
  const struct {
    BorderEdge edge;
    int x0, y0, x1, y1;
  } edges[] = {{BorderEdge::top, 0, 0, side, band},
               {BorderEdge::bottom, 0, side - band, side, side},
               {BorderEdge::left, 0, 0, band, side},
               {BorderEdge::right, side - band, 0, side, side}};
  const Image expected = filled(side, side, 3, 100);
  for (const auto& e : edges) {
    Image actual = expected;
    std::uint64_t nudged = 0, samples = 0;
    for (int y = e.y0; y < e.y1; ++y) {
      for (int x = e.x0; x < e.x1; ++x) {
        for (int c = 0; c < 3; ++c, ++samples) {
          if (samples % every == 0) {
            actual.at(x, y, c) = static_cast<std::uint8_t>(100 + delta);
            ++nudged;
          }
        }
      }
    }
    const Comparison c = compare(expected, actual, band);
    const double squared = static_cast<double>(nudged) * delta * delta;
    const double one_edge = psnr_from_mse(squared / static_cast<double>(samples));
    const double pooled = psnr_from_mse(squared / (ring * 3));
    EXPECT_GT(pooled, tolerance.min_border_psnr) << "pooled, the edge would pass";
    EXPECT_LT(one_edge, tolerance.min_border_psnr);
    EXPECT_GT(c.psnr, tolerance.min_psnr);
    EXPECT_GT(c.psnr_tile, tolerance.min_tile_psnr);
    EXPECT_NEAR(c.psnr_border, one_edge, 1e-9);
    EXPECT_EQ(c.border_edge, e.edge);
    EXPECT_FALSE(tolerance.passes(c)) << to_string(e.edge);
    EXPECT_NE(tolerance.shortfall(c).find(std::string(to_string(e.edge)) + " border band"),
              std::string::npos)
        << tolerance.shortfall(c);
  }
}

TEST(Tolerances, AnErrorConfinedToOneEdgeFailsThoughItPassesPooledWithTheOthers) {
  for (const char* kind :
       {"blur:sigma=2", "blur:sigma=4", "resize:w=400,h=400,filter=bilinear",
        "resize:w=400,h=400,filter=bicubic", "resize:w=400,h=400,filter=lanczos3",
        "resize:w=400,h=400,filter=area"}) {
    expect_one_edge_caught(kind);
  }
}

TEST(Metrics, TilesHaveTheFullSizeUpToTheFarEdges) {
  const Image a = filled(40, 40, 1, 50);  // tiles at 0, 16 and 24 along each axis
  Image b = a;
  b.at(39, 39, 0) = 70;  // the far corner: in the flush tile (24, 24), judged on 16 x 16 samples
  const Comparison c = compare(a, b);
  EXPECT_EQ(c.tile_x, 24);
  EXPECT_EQ(c.tile_y, 24);
  EXPECT_NEAR(c.psnr_tile, psnr_from_mse(400.0 / (kTile * kTile)), 1e-9);
  // A side shorter than a tile: the tile is as long as that side.
  const Image thin = filled(5, 40, 1, 50);
  Image d = thin;
  d.at(2, 20, 0) = 70;
  EXPECT_NEAR(compare(thin, d).psnr_tile, psnr_from_mse(400.0 / (5 * kTile)), 1e-9);
}

// The two blind spots: an error confined to a border band, and one confined to one small
// tile, each too small to move the whole image's PSNR below the threshold, must both fail.
TEST(Tolerances, AnErrorConfinedToTheBorderBandFails) {
  const int side = 1024;
  const Image expected = textured(side, side);
  Image actual = expected;
  // Off by 4 in the outer 2 px all round, as a wrong edge rule leaves it.
  shift(actual, 0, 0, side, 2, 4);
  shift(actual, 0, side - 2, side, side, 4);
  shift(actual, 0, 2, 2, side - 2, 4);
  shift(actual, side - 2, 2, side, side - 2, 4);
  for (const Operation& op :
       {Operation{Resize{400, 400, Filter::bicubic, 0}}, Operation{Blur{2}}, Operation{Blur{4}}}) {
    const Tolerance tolerance = tolerance_for(op);
    const Comparison c = compare(expected, actual, tolerance);
    EXPECT_GT(c.psnr, tolerance.min_psnr + 5) << "the whole image would pass: " << c.psnr;
    EXPECT_GE(c.psnr_tile, tolerance.min_tile_psnr) << "the tiles alone would pass";
    EXPECT_FALSE(tolerance.passes(c)) << to_string(op);
    EXPECT_NE(tolerance.shortfall(c).find("border band"), std::string::npos)
        << tolerance.shortfall(c);
  }
}

TEST(Tolerances, ABlursBorderBandIsAsWideAsItsReach) {
  EXPECT_EQ(tolerance_for(Operation{Blur{2}}).border_band, 4);
  EXPECT_EQ(tolerance_for(Operation{Blur{4}}).border_band, 8);
  EXPECT_EQ(tolerance_for(Operation{Blur{0.3}}).border_band, 1);
  EXPECT_EQ(tolerance_for(Operation{Resize{4, 4, Filter::lanczos3, 0}}).border_band, kBorderBand);
  // The band's width changes what is measured: 2 differing rows of 4 against 2 of 8.
  const Image a = filled(64, 64, 1, 50);
  Image b = a;
  for (int x = 0; x < 64; ++x) b.at(x, 0, 0) = b.at(x, 1, 0) = 60;
  EXPECT_LT(compare(a, b, 4).psnr_border, compare(a, b, 8).psnr_border - 2);
}

TEST(Tolerances, AnErrorConfinedToOneSmallTileFails) {
  const int side = 1024;
  const Image expected = textured(side, side);
  Image actual = expected;
  shift(actual, 500, 300, 516, 316, 20);  // one 16 x 16 spot off by 20, away from the edges
  const Comparison c = compare(expected, actual);
  EXPECT_TRUE(std::isinf(c.psnr_border));
  for (const char* kind : {"resize:w=400,h=400", "blur:sigma=4"}) {
    const Tolerance tolerance = tolerance_of(kind);
    EXPECT_GT(c.psnr, tolerance.min_psnr + 5) << "the whole image would pass: " << c.psnr;
    EXPECT_FALSE(tolerance.passes(c)) << kind;
    EXPECT_NE(tolerance.shortfall(c).find("worst tile"), std::string::npos)
        << tolerance.shortfall(c);
  }
  // The spot straddles four tiles; the worst holds 12 x 12 of it.
  EXPECT_EQ(c.tile_x, 496);
  EXPECT_EQ(c.tile_y, 304);
  EXPECT_NEAR(c.psnr_tile, psnr_from_mse(400.0 * 144 / (kTile * kTile)), 1e-9);
}

TEST(Tolerances, AnErrorSpreadEvenlyIsJudgedOnTheWholeImage) {
  // Off by 1 on every fourth green sample everywhere: 59.7 dB in every region, as an exact
  // library in fixed point is; it passes every criterion.
  const Image expected = textured(256, 256);
  Image actual = expected;
  for (int y = 0; y < 256; ++y) {
    for (int x = (y % 4); x < 256; x += 4)
      actual.at(x, y, 1) = static_cast<std::uint8_t>(actual.at(x, y, 1) + 1);
  }
  const Comparison c = compare(expected, actual);
  EXPECT_NEAR(c.psnr_border, c.psnr, 0.5);
  EXPECT_NEAR(c.psnr_tile, c.psnr, 0.5);
  EXPECT_TRUE(tolerance_of("blur:sigma=4").passes(c));
  EXPECT_TRUE(tolerance_of("resize:w=400,h=400").passes(c));
}

TEST(Metrics, TheWholeImageComparisonLeavesTheLocalMeasuresUnmeasured) {
  const Image a = filled(20, 20, 3, 100);
  Image b = a;
  b.at(0, 0, 0) = 140;
  const Comparison whole = compare_whole(a, b), full = compare(a, b);
  EXPECT_EQ(whole.psnr, full.psnr);
  EXPECT_EQ(whole.max_diff, 40);
  EXPECT_TRUE(std::isnan(whole.psnr_border));
  EXPECT_TRUE(std::isnan(whole.psnr_tile));
  EXPECT_FALSE(tolerance_of("blur:sigma=4").passes(whole)) << "an unmeasured region never passes";
}

TEST(Metrics, DifferentShapesNeverPass) {
  const Comparison c = compare(filled(4, 4, 3, 0), filled(4, 5, 3, 0));
  EXPECT_FALSE(c.same_shape);
  EXPECT_FALSE(tolerance_of("rotate90").passes(c));
  EXPECT_FALSE(tolerance_of("blur:sigma=4").passes(c));
}

TEST(Tolerances, ExactOperationsFailOnASingleDifference) {
  const Image a = filled(50, 50, 3, 100);
  Image b = a;
  b.at(10, 10, 1) = 101;  // 85 dB: any PSNR threshold would pass it
  const Comparison c = compare(a, b);
  for (const char* kind :
       {"decode:format=jpeg", "save:quality=85", "rotate90", "crop:x=1,y=2,w=8,h=8"}) {
    EXPECT_TRUE(tolerance_of(kind).exact()) << kind;
    EXPECT_FALSE(tolerance_of(kind).passes(c)) << kind;
    EXPECT_TRUE(tolerance_of(kind).passes(compare(a, a))) << kind;
  }
}

TEST(Tolerances, ThresholdsSeparateCloseFromFar) {
  const Image a = filled(10, 10, 1, 100);
  Image near = a, far = a;
  near.at(3, 3, 0) = 102;                              // 20 log10(255 / sqrt(4/100)) = 62 dB
  for (int x = 0; x < 10; ++x) far.at(x, 3, 0) = 120;  // MSE 40: 32 dB
  for (const char* kind : {"resize:w=400,h=400", "blur:sigma=4"}) {
    EXPECT_TRUE(tolerance_of(kind).passes(compare(a, near))) << kind;
    EXPECT_FALSE(tolerance_of(kind).passes(compare(a, far))) << kind;
  }
  EXPECT_THROW(tolerance_of("sharpen"), std::exception);
}

}  // namespace
}  // namespace imgbench::reference
