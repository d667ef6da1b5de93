#pragma once
// The full cycle, pillow-perf's sequence: decode JPEG, rotate 90°, downscale 2.5x, Gaussian blur
// sigma 4, encode JPEG q85. Names no library: it runs through any adapter.
#include <span>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace imgbench::bench {

struct FullCycle {
  std::vector<Transform> steps;  // resolved for the source's shape
  EncodeJpeg encode{85};
};

// The cycle for a source of `shape`, downscaling with `filter`.
FullCycle full_cycle(const Shape& shape, Filter filter);

// The 8x thumbnail, the seed talk's other sequence: decode JPEG, lanczos3 to 1/8, encode JPEG q85.
FullCycle thumbnail(const Shape& shape);

// The cumulative stages pillow-perf times, each the one before plus a step: "load-save" (decode,
// encode), "rotate", "resize-<filter>", "blur-<filter>" (the whole cycle).
struct CycleStage {
  std::string name;
  FullCycle cycle;  // the first steps of the full cycle, then the encode
};
std::vector<CycleStage> cycle_stages(const Shape& shape, Filter filter);

// Whether the adapter runs every step of the cycle, each on the shape it receives, from a source
// of `source` shape in `format` (JPEG for the suites' sources).
bool supports_cycle(const Adapter& adapter, const FullCycle& cycle, const Shape& source,
                    ImageFormat format = ImageFormat::jpeg);

// One pass through `adapter`; returns the encoded bytes.
Bytes run_full_cycle(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                     const FullCycle& cycle);

}  // namespace imgbench::bench
