#pragma once
// The resident memory a case adds at its peak, reported beside its speed. Begun after the case's
// input exists and before its timed loop: the heap's free pages go back to the kernel
// (malloc_trim), the kernel's high-water mark is reset (/proc/self/clear_refs "5", Linux 4.0+) and
// the resident size is read. At the end, the high-water mark minus that size is what the library
// needed for its output and its working memory, the input not counted.
//
// Measured on the main thread only. malloc_trim gives back the free pages of the main thread's
// heap, but another thread's malloc arena keeps up to its trim threshold (as much as 64 MiB)
// resident after a free, and reuses it unseen: a case run in threads of its own (a workers-N crop
// batch, a case at a named SIMD level) reports no peak rather than too small a one. Threads a
// library starts inside a main-thread case are counted where they allocate fresh memory.
#include <benchmark/benchmark.h>

#include <optional>
#include <string>

namespace imgbench::bench {

class PeakMemory {
 public:
  PeakMemory();  // the start of the measurement

  // MiB added at the peak since the start; nullopt off the main thread, or where the kernel does
  // not let us reset the high-water mark (then the counter is left out rather than reported
  // wrong).
  std::optional<double> added_mib() const;

 private:
  std::optional<long> start_kib_;
};

// A case's peak as its benchmark reports it. Google Benchmark runs a case several times (the
// iteration estimate, each repetition): the first run is measured, and every run reports that
// value. Later runs are left alone, since a trimmed heap makes the first iteration of a run fault
// its pages back in, inside the timed loop. Keys are case names; main thread only, like
// PeakMemory.
class CaseMemory {
 public:
  explicit CaseMemory(const std::string& key);  // begins the measurement on the case's first run

  // The case's peak: measured now on its first run, remembered after.
  std::optional<double> finish();
  // Sets the case's "peak_mib" counter from finish(), when there is a value.
  void report(benchmark::State& state);

 private:
  std::string key_;
  std::optional<PeakMemory> measuring_;
};

// The process's resident size and high-water mark in KiB, from /proc/self/status (nullopt when
// absent).
std::optional<long> resident_kib();
std::optional<long> resident_peak_kib();

}  // namespace imgbench::bench
