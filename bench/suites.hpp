#pragma once
// The suites `imgbench bench --suite NAME` runs:
//   quick   for contributors (about 2 minutes here): single operations on 2560x1600 RGB, the full
//           cycle's stages on one photo with bicubic and area downscaling, crop batches on 512^2
//           sources;
//   full    the nightly (at most 30 minutes here): single operations on every suite image, the
//           full cycle on every JPEG photo and the synthetic JPEGs, crop batches on 512^2 and
//           4000^2 sources, and the SIMD levels;
//   ops     the own-kernels comparison: every single operation on every suite image;
//   levels  each adapter at each of its SIMD levels (simd_levels.hpp): single operations on
//           2560x1600 RGB and the codec on one photo;
//   inputs  the full cycle on files named on the command line (register_input_cycles).
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/quarantine.hpp"

namespace imgbench::bench {

std::vector<std::string> suite_names();

// Files named on the command line for the "inputs" suite, and what screening them found.
struct InputFiles {
  std::vector<std::string> paths;
  Quarantine quarantine;
};

// Registers the suite's cases for `adapters`; test images are read from `image_dir`. Throws
// Error for an unknown suite, a missing test image, or inputs given to a suite that takes none
// (or none to the inputs suite).
void register_suite(const std::string& suite,
                    const std::vector<std::shared_ptr<const Adapter>>& adapters,
                    const std::string& image_dir, const InputFiles& inputs = {});

}  // namespace imgbench::bench
