#pragma once
// The single-operation suite: each adapter's canonical mapping of every pixel operation's declared
// cases (reference/ops/: rotate 90, resize 2.5x with every filter, blur sigma 2 and 4, crop, ...),
// single thread, on in-memory synthetic images (2560x1600 and 4096x4096, RGB and RGBA), beside
// memcpy of the same buffer: the machine's limit.
//
// Benchmark names are "<operation text>/<adapter>/<image>", e.g. "resize:scale=2.5,filter=bicubic/
// simd/synth-4096x4096-rgb"; the baseline is "memcpy/baseline/<image>". Each case is verified
// against the reference the first time it runs; a failing case is skipped with its PSNR, never
// timed.
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/operation.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {

struct SingleOp {
  std::string name;  // the operation's text, e.g. "resize:scale=2.5,filter=bicubic", "rotate90"
  Transform transform;
  std::set<std::string> suites;  // the named suites it belongs to besides "ops" and "full"
  SpeedTarget target;            // our kernel's (reports/kernel_targets.py)
};

// The operations of the suite for an input of this shape: every transform's declared cases.
std::vector<SingleOp> single_ops(const Shape& input);

struct SuiteImage {
  std::string name;  // e.g. "synth-4096x4096-rgba"
  int width = 0, height = 0, channels = 0;
};

// The suites' images: 2560x1600 and 4096x4096, RGB and RGBA (a counts run's plan names
// counts_images() instead).
std::vector<SuiteImage> single_op_images();

// 320x200 RGB and RGBA: counts need no large image to stand out from noise, and valgrind runs code
// 40-100 times slower (a 2560x1600 blur through GraphicsMagick alone would take minutes).
std::vector<SuiteImage> counts_images();

// Which images and operations a suite times; an empty list means all of them.
struct SingleOpsPlan {
  std::vector<std::string> images;      // SuiteImage names
  std::string suite;                    // only the SingleOps of this suite ("": every one)
  std::vector<std::string> operations;  // and of these names ("": every one)
  bool every_simd_level = false;        // each adapter at each of its SIMD levels (simd_levels.hpp)
  bool approximations = true;           // the calls users write by default, beside (not levels)
};

// Registers every supported (operation, contender, image) case of the plan, grouped by image and
// operation so that all contenders run one after the other on the same input.
void register_single_ops(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                         const SingleOpsPlan& plan);

}  // namespace imgbench::bench
