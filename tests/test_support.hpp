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

// The whole content of a text file ("" when it cannot be read).
std::string slurp(const std::string& path);

// The imgbench binary run with `args` (under IMGBENCH_LAUNCHER, the emulator, in a cross build),
// no standard input, its output kept in `dir`'s stdout and stderr files.
struct RunResult {
  int status = -1;
  std::string out, err;
};
RunResult run_imgbench(const TempDir& dir, const std::vector<std::string>& args);

}  // namespace imgbench::testing
