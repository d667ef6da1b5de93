// imgbench bench: the Google Benchmark suites. Our options are parsed here; every
// --benchmark_* flag (repetitions, minimum time, filter, output file) goes to Google Benchmark, so
// that none is set in code (in code they would change the benchmark names).
#include <benchmark/benchmark.h>

#include <cstring>
#include <iostream>

#include "adapters/registry.hpp"
#include "bench/context.hpp"
#include "bench/single_ops.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

namespace imgbench::cli {
namespace {

bool is_benchmark_flag(const char* arg) {
  return std::strncmp(arg, "--benchmark_", 12) == 0 || std::strncmp(arg, "--v=", 4) == 0;
}

// The adapters to time: those named, else every adapter but the reference (a definition in
// double precision, not a contender).
std::vector<std::shared_ptr<const Adapter>> chosen_adapters(const Args& args,
                                                            const AdapterConfig& config) {
  std::vector<std::string> names = args.values("lib");
  if (names.empty()) {
    for (const auto& name : adapter_names()) {
      if (name != "reference") names.push_back(name);
    }
  }
  std::vector<std::shared_ptr<const Adapter>> adapters;
  for (const auto& name : names) adapters.push_back(make_adapter(name, config));
  return adapters;
}

}  // namespace

int run_bench(int argc, char** argv) {
  std::vector<char*> ours = {argv[0], argv[1]};
  std::vector<char*> theirs = {argv[0]};
  for (int i = 2; i < argc; ++i) (is_benchmark_flag(argv[i]) ? theirs : ours).push_back(argv[i]);
  const Args args(static_cast<int>(ours.size()), ours.data(), 2,
                  {"suite", "lib", "threads", "simd"}, {});
  if (!args.positionals().empty())
    throw Error("bench: unexpected argument '" + args.positionals()[0] + "'");
  const std::string suite = args.value("suite", "ops");
  if (suite != "ops") throw Error("bench: unknown suite '" + suite + "' (known: ops)");
  const AdapterConfig config = adapter_config(args);
  if (config.threads != 1) throw Error("bench: the ops suite is single-threaded (--threads 1)");
  const auto adapters = chosen_adapters(args, config);

  int benchmark_argc = static_cast<int>(theirs.size());
  benchmark::Initialize(&benchmark_argc, theirs.data());
  if (benchmark::ReportUnrecognizedArguments(benchmark_argc, theirs.data())) return 2;
  bench::add_run_context(adapters, config);
  bench::register_single_ops(adapters);
  benchmark::RunSpecifiedBenchmarks();
  // The registered cases own adapters: release them now, while the libraries they use are still
  // alive (static destructors at exit run in no useful order).
  benchmark::ClearRegisteredBenchmarks();
  benchmark::Shutdown();
  const int failed = bench::failed_verifications();
  if (failed > 0) {
    std::cerr << "imgbench: " << failed << " case(s) failed verification and were not timed\n";
    return 1;
  }
  return 0;
}

}  // namespace imgbench::cli
