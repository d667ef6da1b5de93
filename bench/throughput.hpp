#pragma once
// Closed-loop throughput: W application threads each run the full cycle back to back for a fixed
// time. Used to show that a library's calls run in parallel (Pillow releases the GIL inside its
// C code). The latency-versus-throughput sweeps will build on this.
#include <span>

#include "bench/full_cycle.hpp"

namespace imgbench::bench {

struct ThroughputResult {
  int workers = 0;
  long images = 0;
  double seconds = 0;
  double images_per_second() const { return static_cast<double>(images) / seconds; }
};

// Runs `workers` threads for `seconds`; each completed cycle counts one image.
ThroughputResult measure_throughput(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                                    const FullCycle& cycle, int workers, double seconds);

}  // namespace imgbench::bench
