#pragma once
// Which SIMD level the kernels run: "scalar" (the plain C++ twins) or one of Highway's targets
// that this binary has and this CPU runs ("ssse3", "sse4", "avx2", "avx3" = AVX-512 on x86;
// "neon", "sve", "sve2" on aarch64). Chosen once per process, before timing, so that benchmarks
// can compare levels on one machine.
#include <string>
#include <vector>

namespace imgbench::kernels {

// The levels available here, best first, "scalar" last.
std::vector<std::string> simd_levels();

// Every level this binary has code for, best first, "scalar" last, whether or not this CPU runs
// them: the same list on every machine of an architecture (tests are named after it).
std::vector<std::string> compiled_simd_levels();

// Selects a level by name; "" or "best" means the best available. Throws Error naming the
// available levels when `name` is not one of them. The IMGBENCH_SIMD environment variable is the
// default when a caller passes "".
void select_simd_level(const std::string& name);

// The level in use now.
std::string simd_level();

// The instruction set a level stands for, as charts label it: "AVX-512", "AVX2", "NEON", "SVE2",
// "SVE2 (128-bit)", "scalar"... The level's own name in capitals for one not in the table.
std::string simd_target_name(const std::string& level);

// True when the scalar twins are selected (the dispatchers call them directly).
bool scalar_selected();

// The level the kernels' dispatch calls now, asked of Highway's dispatch itself (for tests: it
// must be the level selected).
std::string dispatched_simd_level();

}  // namespace imgbench::kernels
