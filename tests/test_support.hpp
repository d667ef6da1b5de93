#pragma once
// Shared helpers for the test suites: temporary directories and a small on-disk image set.
#include <filesystem>
#include <string>
#include <vector>

#include "core/image.hpp"
#include "images/catalog.hpp"

namespace imgbench::testing {

// A fresh directory under the system temp dir, removed when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Writes a small test set with awkward sizes (odd, non-square) into <dir>/synthetic: RGB, gray
// and RGBA PNGs and RGB JPEGs at 4:2:0 and 4:4:4. Returns the catalog of that directory.
std::vector<images::TestImage> write_small_image_set(const std::string& dir);

// A small synthetic RGB image with odd dimensions.
Image small_rgb(int width = 203, int height = 157);

}  // namespace imgbench::testing
