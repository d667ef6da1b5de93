#pragma once
// Cases at each SIMD level an adapter can switch between (Adapter::simd_levels): our kernels at
// every Highway target this machine runs, libjpeg-turbo with and without JSIMD_FORCENONE, OpenCV
// with and without cv::setUseOptimized. A contender is an adapter at the level it was configured
// with (named as the adapter, e.g. "simd") or at a named level ("simd@avx2", "opencv@unoptimized").
#include <benchmark/benchmark.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"

namespace imgbench::bench {

struct Contender {
  std::shared_ptr<const Adapter> adapter;
  std::string level;  // "": as configured

  std::string name() const;
};

// Every adapter as configured; or, with `every_level`, each adapter that has levels at each of
// them (adapters without a switch have nothing to compare and are left out).
std::vector<Contender> contenders(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                                  bool every_level);

// Runs `body` as the contender: for a named level, switched to it, in a thread started after the
// switch (libjpeg-turbo reads its switch once per thread), and switched back; rethrows what the
// body threw.
void run_at_level(const Contender& contender, const std::function<void()>& body);

using CaseBody = std::function<void(benchmark::State&)>;

// A case body run by run_at_level().
CaseBody at_level(const Contender& contender, CaseBody body);

}  // namespace imgbench::bench
