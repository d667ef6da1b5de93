#pragma once
// A test-only switch: IMGBENCH_INJECT_SLOWDOWN=<operation>:<fraction> (for example blur:0.02)
// makes the simd adapter's <operation> (rotate90, resize, blur or crop) do that fraction of its
// own work again: after the operation, its kernel runs once more on that fraction of the rows
// (several passes for a fraction above 1), into a scratch image. The extra work is the kernel's
// own, so both measures see it: wall time, and the instruction counts that a spin on the clock
// would change only by accident. It exists to prove that `scripts/compare` (both measures) catches
// a regression in one kernel (tests/system/test_compare.py); the run context records the
// variable, so a result produced with it cannot pass for a normal one.
#include <functional>
#include <string_view>

namespace imgbench::simd {

// Calls `redo(rows)` for extra rows adding up to the switch's fraction of `rows`, rounded up to
// whole rows (each call at most `rows`), when the switch names `operation`; otherwise does
// nothing. Throws Error for a malformed switch.
void inject_slowdown(std::string_view operation, int rows, const std::function<void(int)>& redo);

}  // namespace imgbench::simd
