#pragma once
// The two measures a case can be run with (`imgbench bench --measure time|counts`):
//   time    wall time over Google Benchmark's iterations and repetitions (the default, and what
//           ranks libraries on the page);
//   counts  instructions and simulated cache misses under valgrind's callgrind (or, for the
//           aarch64 build under emulation, instructions under qemu with imgbench's counting
//           plugin, cycles estimated by the launcher): one warm-up and one counted iteration.
//           The host's load cannot move them, so they compare a build with itself (before and
//           after a change, night after night) down to a fraction of a percent. They are not a
//           speed ranking between libraries.
//
// Under counts, instrumentation is switched on for the warm-up too, so that the simulated caches
// hold what this case left in them rather than what the previous case did; the costs are zeroed
// after the warm-up and read back after the counted iteration (callgrind writes them to a file on
// CALLGRIND_DUMP_STATS_AT, which this process reads and deletes). Only the counting thread
// collects (CALLGRIND_TOGGLE_COLLECT, per thread): the thread that started it and waits for it
// was otherwise counted for the end of pthread_create whenever the host let the new thread run
// first, 3,217 instructions more in one run of four. The process must run under callgrind with
// --instr-atstart=no --collect-atstart=no: cli/counts_launch.* starts it so.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace imgbench::bench {

enum class Measure { time, counts };

// "time" or "counts"; Error naming both for anything else.
Measure parse_measure(const std::string& name);
const char* to_string(Measure measure);

// The measure of this run (set once, before cases are registered).
void set_measure(Measure measure);
Measure measure();
inline bool counting() {
  return measure() == Measure::counts;
}

// True when this process runs under valgrind.
bool under_valgrind();

// True in a process the counts launcher started under qemu-user with imgbench's counting plugin
// (bench/qemu_counts/qemu_counts_plugin.c): the aarch64 build counted under emulation. Its
// counts are instructions only; the launcher adds cycles estimated from the executed blocks.
bool counted_under_qemu();

// True in a process the counts launcher started to count cases (under either counter).
bool counted_process();

// True for a SIMD level valgrind 3.19 cannot run: AVX-512 ("avx3", "avx3_dl", "avx3_zen4", ...).
bool valgrind_cannot_run(const std::string& level);

// The costs of one counted region, from callgrind's event totals.
struct Counts {
  std::uint64_t instructions = 0;  // Ir
  std::uint64_t d1_misses = 0;     // D1mr + D1mw: data accesses that missed the first level
  std::uint64_t ll_misses = 0;     // ILmr + DLmr + DLmw: accesses that went to memory
  std::uint64_t est_cycles = 0;    // L1 hits + 5 x LL hits + 35 x RAM hits (iai-callgrind's)
};

// The event line and totals line of a callgrind output file ("events: Ir Dr ..." and
// "totals: ..."). Error when either is missing or the cache events are absent.
Counts parse_callgrind_totals(const std::string& text);

// The total of a dump of qemu's counter ("instructions <n>"). Error when it is missing.
Counts parse_qemu_counts(const std::string& text);

// Runs a case's work as the measure wants, inside Google Benchmark's loop: under time, once per
// iteration; under counts, a warm-up, then the one iteration (the run is made with
// --benchmark_min_time=0) counted and reported as the counters instructions, d1_misses, ll_misses
// and est_cycles, and for a sequence "instructions/<step>" and "est_cycles/<step>" per step (see
// count_step). `work` may throw: the caller reports it. `name` is the case's: with
// IMGBENCH_CALLGRIND_DUMPS=DIR set, its callgrind dumps are kept there under that name (for
// callgrind_annotate: where did the instructions go?) instead of deleted.
void run_measured(benchmark::State& state, const std::string& name,
                  const std::function<void()>& work);

// Marks the end of a step of a sequence ("decode", "blur", "encode"; the steps of many requests
// add up under one name). Within a counted iteration, the costs since the previous step are that
// step's; elsewhere it does nothing.
void count_step(std::string_view step);

// Cases the counts measure cannot count (those that run several threads of ours, adapters whose
// library computes in threads of its own): never registered, and listed in the run's context under
// "not_counted" with the reason ("name (reason); ..."; "none").
void note_not_counted(const std::string& name, const std::string& reason);
const std::vector<std::pair<std::string, std::string>>& not_counted();
std::string not_counted_text();

// What pins the executed code of a counted process, for the run's context: the environment the
// launcher set, whether address randomisation is off, the CPU features the code saw (valgrind
// hides AVX-512).
std::vector<std::pair<std::string, std::string>> counts_context();

}  // namespace imgbench::bench
