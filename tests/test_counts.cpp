// The counts measure's arithmetic: callgrind's totals read back, and the estimated cycles.
#include <gtest/gtest.h>

#include "bench/counts.hpp"
#include "core/error.hpp"

namespace imgbench::bench {
namespace {

// A dump as callgrind 3.19 writes one after CALLGRIND_ZERO_STATS: its "summary:" line has
// underflowed (it is not the region's), the "totals:" line is right.
constexpr const char* kDump = R"(# callgrind format
version: 1
creator: callgrind-3.19.0
desc: Trigger: Client Request: step:blur
positions: line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
summary: 18446744073709251598 18446744073709551612 18446744073709501609 1 1 1 1 1 1

fn=main
0 400017 100002 7 2 12501 2 2 0 1

totals: 400017 100002 7 2 12501 2 2 0 1
)";

TEST(Counts, ReadsTheTotalsLineNotTheSummary) {
  const Counts counts = parse_callgrind_totals(kDump);
  EXPECT_EQ(counts.instructions, 400017u);
  EXPECT_EQ(counts.d1_misses, 12501u + 2u);   // D1mr + D1mw
  EXPECT_EQ(counts.ll_misses, 2u + 0u + 1u);  // ILmr + DLmr + DLmw
  // Accesses 400017 + 100002 + 7; L1 misses 2 + 12501 + 2; LL misses 3.
  const std::uint64_t l1_hits = 500026 - 12505;
  const std::uint64_t ll_hits = 12505 - 3;
  EXPECT_EQ(counts.est_cycles, l1_hits + 5 * ll_hits + 35 * 3);
}

TEST(Counts, ValuesLeftOffTheEndOfTheTotalsAreZero) {
  const Counts counts = parse_callgrind_totals(
      "events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw\ntotals: 1000 200 100\n");
  EXPECT_EQ(counts.instructions, 1000u);
  EXPECT_EQ(counts.d1_misses, 0u);
  EXPECT_EQ(counts.est_cycles, 1300u);
}

TEST(Counts, ADumpWithoutTheCacheEventsIsAnError) {
  EXPECT_THROW(parse_callgrind_totals("events: Ir\ntotals: 1000\n"), Error);
  EXPECT_THROW(parse_callgrind_totals("events: Ir Dr Dw\n"), Error);
}

// qemu's counting plugin (bench/qemu_counts/qemu_counts_plugin.c): its blocks' lines, then the
// total; the launcher reads the blocks for the cycle model, this the total.
TEST(Counts, AQemuDumpGivesItsInstructionTotal) {
  const Counts counts = parse_qemu_counts(
      "block 1 5500001000 3 1f2003d5e003012ac0035fd6\ncount 1 400\ninstructions 1200\n");
  EXPECT_EQ(counts.instructions, 1200u);
  EXPECT_EQ(counts.est_cycles, 0u) << "estimated by the launcher, not here";
  EXPECT_THROW(parse_qemu_counts("block 1 5500001000 3 1f2003d5\ncount 1 400\n"), Error);
  EXPECT_THROW(parse_qemu_counts("instructions\n"), Error);
  EXPECT_FALSE(counted_under_qemu());
}

TEST(Counts, MeasuresHaveTwoNames) {
  EXPECT_EQ(parse_measure("time"), Measure::time);
  EXPECT_EQ(parse_measure("counts"), Measure::counts);
  EXPECT_THROW(parse_measure("cycles"), Error);
  EXPECT_STREQ(to_string(Measure::counts), "counts");
}

TEST(Counts, AStepOutsideACountedIterationDoesNothing) {
  count_step("blur");  // no valgrind here, and no counted iteration: must not dump or throw
  EXPECT_FALSE(under_valgrind());
}

}  // namespace
}  // namespace imgbench::bench
