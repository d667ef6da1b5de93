#pragma once
// A test-only switch: IMGBENCH_INJECT_SLOWDOWN=<operation>:<fraction> (for example blur:0.10)
// makes the simd adapter's <operation> (rotate90, resize, blur or crop) spin for that fraction of
// its own duration after it finishes. It exists to prove that `scripts/compare` catches a real
// regression in one kernel (tests/python/test_compare_runs.py); the run context records the
// variable, so a result produced with it cannot pass for a normal one.
#include <chrono>
#include <string_view>

namespace imgbench::simd {

class InjectedSlowdown {
 public:
  // Starts timing `operation`; the destructor pads it if the switch names it.
  explicit InjectedSlowdown(std::string_view operation);
  ~InjectedSlowdown();
  InjectedSlowdown(const InjectedSlowdown&) = delete;
  InjectedSlowdown& operator=(const InjectedSlowdown&) = delete;

 private:
  double fraction_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace imgbench::simd
