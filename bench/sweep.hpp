#pragma once
// Latency versus throughput for one adapter: the full cycle over a stream of JPEG images.
//   closed loop: W workers, each taking the next image as soon as it finished the last one;
//   open loop:   requests arriving at random (Poisson) at a fixed rate, queued to W workers; the
//                latency of a request runs from its arrival, so it includes the queueing.
// Workers are threads of this process (Pillow's GIL is real). Names no library.
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "bench/cycle_cases.hpp"
#include "bench/full_cycle.hpp"

namespace imgbench::bench {

// One image of the stream and its cycle.
struct StreamImage {
  const CycleSource* source = nullptr;
  FullCycle cycle;
};

// A point lasts `seconds` and at least `min_requests` requests (a pass over the stream, so that
// every point sees the same mix of image sizes), and at most `max_requests` (0: no bound).
struct SweepLimits {
  double seconds = 2;
  long min_requests = 0;
  long max_requests = 0;
};

struct LatencySummary {
  long requests = 0;
  double seconds = 0;  // from the first start (or arrival) to the last completion
  double images_per_second = 0;
  double mpx_per_second = 0;                  // source pixels
  double p50 = 0, p90 = 0, p99 = 0, max = 0;  // milliseconds
};

// W workers back to back over the stream.
LatencySummary run_closed_loop(const Adapter& adapter, std::span<const StreamImage> stream,
                               int workers, const SweepLimits& limits);

// Poisson arrivals at `rate` per second (seeded: the same arrival times every run), `workers`
// threads serving them in arrival order.
LatencySummary run_open_loop(const Adapter& adapter, std::span<const StreamImage> stream,
                             int workers, double rate, const SweepLimits& limits);

}  // namespace imgbench::bench
