#pragma once
// What a result file must say about the run beyond Google Benchmark's own context (which has no
// CPU model, compiler or library versions, and reports libbenchmark's build type, not ours).
#include <memory>
#include <vector>

#include "adapters/adapter.hpp"

namespace imgbench::bench {

void add_run_context(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                     const AdapterConfig& config);

}  // namespace imgbench::bench
