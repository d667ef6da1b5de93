#pragma once
// What a result file must say about the run beyond Google Benchmark's own context (which has no
// CPU model, compiler or library versions, and reports libbenchmark's build type, not ours).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "adapters/adapter.hpp"

namespace imgbench::bench {

// (key, value) pairs: CPU model, cores, memory, compiler and flags, our build type, git commit and
// whether the tree is dirty, start time, kernel, SIMD levels available and used, library threads
// and versions.
using RunContext = std::vector<std::pair<std::string, std::string>>;
RunContext run_context(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                       const AdapterConfig& config);

// The source tree's commit ("git_commit") and whether it had uncommitted changes ("git_dirty").
// Part of run_context(), except in a process counted under valgrind: its launcher adds them.
void add_git_context(RunContext& context);

// The same, into Google Benchmark's context (the JSON's "context" object).
void add_run_context(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                     const AdapterConfig& config);

}  // namespace imgbench::bench
