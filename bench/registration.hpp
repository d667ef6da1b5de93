#pragma once
// Where every case of every suite is registered with Google Benchmark: in real time (a library
// may hand work to threads of its own), in milliseconds, with a progress line on stderr as each
// case starts ("[12/140] rotate90/simd/synth-2560x1600-rgb"), and with one count of the cases
// that failed verification.
#include <benchmark/benchmark.h>

#include <functional>
#include <string>

namespace imgbench::bench {

void register_case(const std::string& name, std::function<void(benchmark::State&)> run);

// Counts the registered cases that `filter` (--benchmark_filter: a regex, or "-regex" for the
// cases it does not match; empty or "all" for every case) selects: the progress line's total.
void set_progress_filter(const std::string& filter);

// Called once per case whose verification failed.
void count_failed_verification();
int failed_verifications();

}  // namespace imgbench::bench
