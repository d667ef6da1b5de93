#pragma once
// `imgbench bench --measure counts` runs the selected cases again under valgrind's callgrind, one
// process per case (at most one per core at a time), and merges their result files into one.
// With IMGBENCH_COUNTS_EMULATOR set (the aarch64 build under emulation, scripts/counts-aarch64),
// each case runs instead under that qemu-user with imgbench's counting plugin
// (IMGBENCH_COUNTS_PLUGIN), and with IMGBENCH_COUNTS_MCPU the cases' cycles are estimated from
// their executed blocks by llvm-mca (cycle_model.hpp); the same pins apply.
//
// One process per case, with only its adapter created: in a process that had run other cases
// before, the heap they left (shaped by the reports of their times, or by a library's threads)
// moved the instructions of a case's malloc calls from run to run, by a few hundred in our
// kernels' full cycle and by 0.4% in Pillow's crop. Alone, each case repeats to the instruction,
// whatever other cases a filter selects. It costs about 2 s of valgrind's start per case.
//
// What changes the executed code is pinned in each process:
//   - address-space randomisation off (personality ADDR_NO_RANDOMIZE, what `setarch -R` does);
//   - a fixed simulated cache (I1 and D1 32 KiB 8-way, LL 8 MiB 16-way, 64-byte lines: CodSpeed's
//     model), never the host's, and instrumentation off until a case switches it on;
//   - the environment cleared but for PATH, HOME, TMPDIR and the variables that configure us
//     (IMGBENCH_*, JSIMD_*), plus LC_ALL=C and GLIBC_TUNABLES pinning glibc's malloc (a fixed
//     number of arenas, so that the counted work's thread gets one of its own; a fixed mmap
//     threshold instead of the adaptive one) and hiding AVX-512 from its ifuncs;
//   - a fixed-length environment and argument area, so that the stack begins at the same offset
//     in a page whatever the output file's name; the binary and the test images named through
//     links in the run's temporary directory, which is the working directory, so that the paths
//     the process holds have the same lengths whichever checkout it runs from (they shape its
//     heap); the commit recorded by the launcher, not by the counted process.
// Library threads are set to 1 by the bench itself, Python's hash seed by the pillow adapter.
#include <string>
#include <utility>
#include <vector>

namespace imgbench::cli {

// The callgrind options of a counts run (also recorded in its context).
std::vector<std::string> callgrind_options();

// Throws Error when this build or `simd` cannot be counted: a sanitized build, valgrind missing,
// an AVX-512 level forced (valgrind 3.19 has none).
void check_countable(const std::string& simd);

// Runs `cases` (registered names, in order, "/real_time" included) of this bench command (`argv`,
// whose own --out and --benchmark_filter are replaced) under callgrind as above, and writes the
// merged result file to `out` (none when empty). Returns the exit status: 0, or 1 when a case
// failed verification or its process stopped early (then missing from the file, and named in the
// context's "counts_incomplete"): the run goes on, as it does past a failed verification.
// `images`: the test image directory; `context`: entries the planner adds to the merged file's
// context (the cases not counted, the commit).
int run_counts(int argc, char** argv, const std::vector<std::string>& cases,
               const std::string& images, const std::string& out,
               std::vector<std::pair<std::string, std::string>> context);

}  // namespace imgbench::cli
