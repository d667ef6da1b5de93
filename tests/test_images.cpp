// The synthetic test-image generator and the image catalog.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>

#include "core/file_io.hpp"
#include "images/catalog.hpp"
#include "images/synthetic.hpp"
#include "tests/test_support.hpp"

namespace imgbench::images {
namespace {

double stddev(const Image& image, int x0, int y0, int x1, int y1) {
  double sum = 0, squares = 0;
  int n = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) {
      const double v = image.at(x, y, 1);
      sum += v, squares += v * v, ++n;
    }
  }
  const double mean = sum / n;
  return std::sqrt(squares / n - mean * mean);
}

TEST(Synthetic, IsDeterministic) {
  EXPECT_TRUE(make_synthetic(120, 80).same_pixels(make_synthetic(120, 80)));
  EXPECT_FALSE(make_synthetic(120, 80, 1).same_pixels(make_synthetic(120, 80, 2)));
}

TEST(Synthetic, HasHighFrequenciesWhereTheyShouldBe) {
  const Image image = make_synthetic(512, 512);
  // The zone plate's rim is near Nyquist: strong local variation. The gradient corner is smooth
  // apart from the sigma-6 noise.
  EXPECT_GT(stddev(image, 113 - 40, 154 - 40, 113 + 40, 154 + 40), 50);
  const double smooth = stddev(image, 0, 470, 40, 510);
  EXPECT_GT(smooth, 4);
  EXPECT_LT(smooth, 15);
}

TEST(Synthetic, VariantsHaveTheirChannels) {
  EXPECT_EQ(make_synthetic_rgba(50, 40).channels(), 4);
  EXPECT_EQ(make_synthetic_gray(50, 40).channels(), 1);
}

TEST(Catalog, ListsGeneratedImagesWithRoles) {
  testing::TempDir dir;
  const auto written = generate_synthetic_set(dir.path().string(), false, 512);
  EXPECT_EQ(written.size(), 6u);  // PNG, 2 JPEGs, EXIF JPEG, RGBA, gray at 512x512 only
  EXPECT_TRUE(generate_synthetic_set(dir.path().string(), false, 512).empty());  // nothing to redo
  const auto images = list_test_images(dir.path().string());
  ASSERT_EQ(images.size(), 6u);
  int pixel_sources = 0;
  for (const auto& image : images) {
    EXPECT_TRUE(image.synthetic);
    pixel_sources += image.pixel_source();
    EXPECT_EQ(probe_shape(image).width, 512);
  }
  EXPECT_EQ(pixel_sources, 3);  // the PNGs
}

TEST(Catalog, ASetFromAnotherGeneratorIsReplacedAndNothingElseTouched) {
  testing::TempDir dir;
  const std::filesystem::path synthetic = dir.path() / "synthetic";
  std::filesystem::create_directories(synthetic);
  const Bytes old_version = {'1'};
  write_file_atomic((synthetic / "VERSION").string(), old_version);
  const Bytes stale = {'x'};
  write_file_atomic((synthetic / "synth-4096x4096.png").string(), stale);  // a size not redone
  write_file_atomic((synthetic / "synth-512x512.png").string(), stale);
  write_file_atomic((synthetic / "notes.txt").string(), stale);  // not the generator's
  EXPECT_EQ(generate_synthetic_set(dir.path().string(), false, 512).size(), 6u);
  EXPECT_FALSE(std::filesystem::exists(synthetic / "synth-4096x4096.png"));
  EXPECT_NE(read_file((synthetic / "synth-512x512.png").string()), stale);
  EXPECT_EQ(read_file((synthetic / "notes.txt").string()), stale);
  EXPECT_NE(read_file((synthetic / "VERSION").string()), old_version);
  EXPECT_TRUE(generate_synthetic_set(dir.path().string(), false, 512).empty());  // now current
}

}  // namespace
}  // namespace imgbench::images
