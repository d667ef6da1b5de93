#pragma once
// Where every case of every suite is registered with Google Benchmark: in real time (a library
// may hand work to threads of its own), in milliseconds, with a progress line on stderr as each
// case starts ("[12/140] rotate90/simd/synth-2560x1600-rgb"), and with one store of the
// verdicts, which counts the failed ones.
#include <benchmark/benchmark.h>

#include <functional>
#include <string>
#include <vector>

#include "bench/case_record.hpp"
#include "bench/verified_case.hpp"

namespace imgbench::bench {

// `record` says what the case is, for the result file (case_record.hpp).
void register_case(const std::string& name, std::function<void(benchmark::State&)> run,
                   CaseRecord record);

// The registered cases (names as Google Benchmark filters them, "/real_time" included) that
// `filter` selects (--benchmark_filter: a regex, or "-regex" for the cases it does not match; empty
// or "all" for every case), in the order registered.
std::vector<std::string> selected_cases(const std::string& filter);

// Counts the registered cases that `filter` (--benchmark_filter: a regex, or "-regex" for the
// cases it does not match; empty or "all" for every case) selects: the progress line's total.
void set_progress_filter(const std::string& filter);

// The verdict stored under `key`, running `verify` the first time the key is asked for (cases
// that share a verification, such as a crop batch's sequential and parallel runs, share a key).
// Each failed verdict (not a KNOWN one) is counted once; an approximate contender's is measured,
// not a failure, unless it could not run at all.
const Verdict& verdict_once(const std::string& key, const std::function<Verdict()>& verify,
                            bool approximate = false);
// The same for a canonical case of `adapter`, the known findings applied to its verdict (`key`
// is the case's name, "<operation>/<adapter>/<image>"): a failure one explains is KNOWN, reported
// as such and not counted; a finding that no longer holds is a failure.
const Verdict& verdict_once(const std::string& key, const Adapter& adapter,
                            const std::function<Verdict()>& verify);
int failed_verifications();
// The verdict stored under `key`, or null when it was never asked for.
const Verdict* recorded_verdict(const std::string& key);

}  // namespace imgbench::bench
