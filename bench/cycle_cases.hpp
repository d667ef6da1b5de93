#pragma once
// The full-cycle suite: every adapter's cumulative stages of the cycle (see full_cycle.hpp) on
// JPEG sources held in memory. Names: "cycle:<stage>/<adapter>/<image>", e.g.
// "cycle:blur-area/opencv/photo-path", or "cycle:load-save/turbojpeg@none/photo-path" at a SIMD
// level. Each case is verified once before it is timed
// (verify_cycle); a failing one is skipped with its PSNR.
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/quarantine.hpp"

namespace imgbench::bench {

struct CycleSource {
  std::string name;  // the test image's name
  Bytes jpeg;
  Shape shape;
};

// Reads the named JPEG test images from `image_dir` (Error naming a missing or non-JPEG one).
std::vector<CycleSource> load_cycle_sources(const std::string& image_dir,
                                            const std::vector<std::string>& names);

// Which stages a suite times.
struct CyclePlan {
  std::vector<std::string> images;  // test image names (JPEG)
  std::vector<Filter> filters = {Filter::bicubic, Filter::area};
  std::vector<std::string> stages;  // stage names, e.g. "load-save"; empty: all of them
  bool every_simd_level = false;    // each adapter at each of its SIMD levels (simd_levels.hpp)
  bool thumbnail = false;           // also the 8x thumbnail (full_cycle.hpp)
  bool shortcuts = true;            // and the adapters' shortcuts, beside (not at every level)
};

// Registers the plan's stages for each filter (the filter-free stages once), and the thumbnail
// if planned ("thumbnail:lanczos3-8x/<adapter>/<image>"), for every contender whose adapter
// supports every step of them on that source. Beside the whole cycle and the thumbnail, each
// adapter's shortcuts for them (Adapter::shortcuts, e.g. shrink on load) are approximate
// contenders, "cycle:blur-area/simd~shrink-on-load/photo-path": timed with their verdict against
// the reference sequence, never ranked with the canonical cases.
void register_cycle_cases(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                          const std::vector<CycleSource>& sources, const CyclePlan& plan);

// The "inputs" suite: the whole cycle (area downscaling) on each file named with --input, through
// every adapter that supports it, named "cycle:blur-area/<adapter>/<file name>". A file that
// cannot be read or probed, or that `quarantine` holds for an adapter, is a failed case with its
// cause, counted with the failed verifications; the others are verified before they are timed,
// like every case.
void register_input_cycles(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                           const std::vector<std::string>& paths, const Quarantine& quarantine);

}  // namespace imgbench::bench
