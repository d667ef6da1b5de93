#pragma once
// The test-image set: synthetic images generated on demand, and real photographs extracted from
// Debian packages by images/fetch-photos (listed in images/photos.tsv). Both live in a git-ignored
// directory: <dir>/synthetic and <dir>/photos.
#include <string>
#include <vector>

#include "core/operation.hpp"

namespace imgbench::images {

struct TestImage {
  std::string name;  // file name without extension, e.g. "synth-512x512-q95-420"
  std::string path;
  ImageFormat format = ImageFormat::png;
  bool synthetic = false;
  // Pixel operations run on lossless sources and on photos; the synthetic JPEGs exist to test
  // decoding (their pixels are the PNG's, plus compression error).
  bool pixel_source() const { return format == ImageFormat::png || !synthetic; }
};

// IMGBENCH_IMAGES if set, else the directory configured at build time.
std::string default_image_dir();

// The sizes of the synthetic set: 512x512, 2560x1600 (pillow-perf's size) and 4096x4096.
struct Size2 {
  int width, height;
};
std::vector<Size2> synthetic_sizes();

// Writes the synthetic set into <dir>/synthetic, skipping files that exist unless `force` or the
// set there was written by another version of the generator (<dir>/synthetic/VERSION).
// Returns the paths written. Each size gives a PNG and JPEG q95 at 4:2:0 and 4:4:4; the smallest
// also gives RGBA and gray PNGs and a 4:2:0 JPEG tagged with EXIF orientation 6.
std::vector<std::string> generate_synthetic_set(const std::string& dir, bool force,
                                                int max_side = 1 << 30);

// Every test image present under `dir`, synthetic first (by size), then photos by name.
std::vector<TestImage> list_test_images(const std::string& dir);

// A file named on the command line (--input), as a test image: named by its file name, its
// format detected from its first bytes (a PNG named .jpg is a PNG), else from its extension
// when it cannot be read (reading it later reports why). Never throws.
TestImage input_image(const std::string& path);

// The shape stored in the file's header (PNG IHDR or JPEG frame), without decoding pixels.
Shape probe_shape(const TestImage& image);

// Inserts an APP1 Exif segment carrying only an Orientation tag after the SOI marker.
std::vector<std::uint8_t> add_exif_orientation(const std::vector<std::uint8_t>& jpeg,
                                               int orientation);

}  // namespace imgbench::images
