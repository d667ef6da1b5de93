// imgbench bench: the Google Benchmark suites. Our options are parsed here; every
// --benchmark_* flag (repetitions, minimum time, filter, output file) goes to Google Benchmark, so
// that none is set in code (in code they would change the benchmark names).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <iostream>
#include <iterator>

#include "adapters/registry.hpp"
#include "bench/context.hpp"
#include "bench/counts.hpp"
#include "bench/pipeline.hpp"
#include "bench/registration.hpp"
#include "bench/result_file.hpp"
#include "bench/suites.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/counts_launch.hpp"
#include "cli/input_files.hpp"
#include "cli/screening.hpp"
#include "core/error.hpp"
#include "images/catalog.hpp"

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

// The value of a Google Benchmark flag given as --benchmark_NAME=VALUE, or "".
std::string benchmark_flag(const std::vector<char*>& args, const std::string& name) {
  const std::string prefix = "--benchmark_" + name + "=";
  std::string value;
  for (const char* arg : args) {
    if (std::strncmp(arg, prefix.c_str(), prefix.size()) == 0) value = arg + prefix.size();
  }
  return value;
}

// Whether Google Benchmark is asked to list the cases (--benchmark_list_tests[=true]).
bool lists_cases(const std::vector<char*>& args) {
  for (const char* arg : args) {
    if (std::strcmp(arg, "--benchmark_list_tests") == 0) return true;
  }
  const std::string value = benchmark_flag(args, "list_tests");
  return !value.empty() && value != "false" && value != "0" && value != "no";
}

// The counts measure leaves out the adapters whose counts do not repeat
// (Adapter::uncountable_reason), listing them as not counted with the reason.
void leave_out_uncountable(std::vector<std::shared_ptr<const Adapter>>& adapters) {
  std::erase_if(adapters, [](const std::shared_ptr<const Adapter>& adapter) {
    const std::string reason = adapter->uncountable_reason();
    if (reason.empty()) return false;
    bench::note_not_counted(std::string(adapter->name()) + " (every case)", reason);
    return true;
  });
}

// A counts run makes one counted iteration of each case: Google Benchmark's time-driven flags
// would only multiply valgrind's run time.
void refuse_timing_flags(const std::vector<char*>& args) {
  for (const char* flag : {"repetitions", "min_time", "enable_random_interleaving"}) {
    if (!benchmark_flag(args, flag).empty()) {
      throw Error(std::string("bench: --benchmark_") + flag +
                  " does not apply to --measure counts (one warm-up and one counted iteration)");
    }
  }
}

// The context entries of the measure: which one the file holds, and under counts what pins the
// executed code.
void add_measure_context(bench::Measure measure) {
  benchmark::AddCustomContext("measure", bench::to_string(measure));
  if (measure != bench::Measure::counts) return;
  std::string options;
  for (const auto& option : callgrind_options()) options += (options.empty() ? "" : " ") + option;
  benchmark::AddCustomContext("counts_callgrind_options", options);
  for (const auto& [key, value] : bench::counts_context()) benchmark::AddCustomContext(key, value);
}

// The pipelines of --pipeline (each named by its text) and of --suite-file, with the files they
// run on (--input, FILE, the suite file's); none for a built-in suite, which --suite names.
bench::SuiteFile users_pipelines(const Args& args) {
  bench::SuiteFile users;
  for (const auto& text : args.values("pipeline")) {
    users.pipelines.push_back(bench::parse_pipeline(text));
  }
  users.inputs = input_files(args);
  if (const std::string file = args.value("suite-file", ""); !file.empty()) {
    bench::SuiteFile suite = bench::read_suite_file(file);
    std::move(suite.pipelines.begin(), suite.pipelines.end(), std::back_inserter(users.pipelines));
    users.inputs.insert(users.inputs.end(), suite.inputs.begin(), suite.inputs.end());
  }
  if (users.pipelines.empty()) return users;
  if (!args.values("suite").empty()) {
    throw Error("bench: --suite and --pipeline/--suite-file exclude each other");
  }
  if (users.inputs.empty()) {
    throw Error(
        "bench: a pipeline needs input files (--input FILE, FILE, or the suite file's"
        " \"inputs\")");
  }
  return users;
}

// Google Benchmark's first run of a case, one iteration, is then final.
char one_iteration[] = "--benchmark_min_time=0";
char one_repetition[] = "--benchmark_repetitions=1";

}  // namespace

int run_bench(int argc, char** argv) {
  std::vector<char*> ours = {argv[0], argv[1]};
  std::vector<char*> theirs = {argv[0]};
  for (int i = 2; i < argc; ++i) (is_benchmark_flag(argv[i]) ? theirs : ours).push_back(argv[i]);
  const Args args(static_cast<int>(ours.size()), ours.data(), command_spec("bench"));
  // Users' own pipelines, from the command line or a suite file, instead of a built-in suite.
  const bench::SuiteFile users = users_pipelines(args);
  const std::vector<bench::Pipeline>& pipelines = users.pipelines;
  const std::vector<std::string> input_paths = pipelines.empty() ? input_files(args) : users.inputs;
  const std::string suite = pipelines.empty() ? args.value("suite", "quick") : "pipelines";
  const AdapterConfig config = adapter_config(args);
  if (config.threads != 1) throw Error("bench: the suites run single-threaded (--threads 1)");
  const bench::Measure measure = bench::parse_measure(args.value("measure", "time"));
  // Counts: this process plans the cases, and runs them again under callgrind (counts_launch.hpp),
  // where each case makes one warm-up and one counted iteration.
  const bool plan_counts = measure == bench::Measure::counts && !bench::counted_process();
  // Listing the cases counts nothing: it works in any build, valgrind or not.
  const bool listing = lists_cases(theirs);
  if (measure == bench::Measure::counts) {
    refuse_timing_flags(theirs);
    if (plan_counts && !listing) check_countable(config.simd);
    theirs.push_back(one_iteration);
    theirs.push_back(one_repetition);
  }
  bench::set_measure(measure);
  auto adapters = chosen_adapters(args, config);
  if (measure == bench::Measure::counts) leave_out_uncountable(adapters);
  // --out FILE: the JSON result file (bench/result_file.hpp). Google Benchmark writes its own as
  // cases finish, to FILE.partial; once the run is over, FILE is written whole from it, with each
  // case's fields and verdict, so that a killed run leaves no FILE that looks complete.
  const std::string out = args.value("out", "");
  const std::string partial = out + ".partial";
  std::string out_flag, format_flag = "--benchmark_out_format=json";
  if (!out.empty()) {
    out_flag = "--benchmark_out=" + partial;
    theirs.push_back(out_flag.data());
    theirs.push_back(format_flag.data());
  }

  const std::string filter = benchmark_flag(theirs, "filter");  // before Initialize consumes it
  int benchmark_argc = static_cast<int>(theirs.size());
  benchmark::Initialize(&benchmark_argc, theirs.data());
  if (benchmark::ReportUnrecognizedArguments(benchmark_argc, theirs.data())) return 2;
  bench::InputFiles inputs{input_paths, {}};
  if (!inputs.paths.empty()) {
    std::vector<std::string> names;
    for (const auto& adapter : adapters) names.emplace_back(adapter->name());
    const double limit = args.real("time-limit", 60, 0.001, 86400);
    inputs.quarantine =
        screen_inputs(inputs.paths, names, config, std::chrono::duration<double>(limit));
  }
  // The default only when none is given: a counted process must not even build the path
  // compiled in, whose length differs between checkouts (counts_launch.hpp).
  const std::string image_dir =
      args.values("images").empty() ? images::default_image_dir() : args.value("images", "");
  if (pipelines.empty()) {
    bench::register_suite(suite, adapters, image_dir, inputs);
  } else {
    bench::register_pipelines(adapters, pipelines, inputs);
  }
  if (plan_counts) {
    const std::vector<std::string> cases = bench::selected_cases(filter);
    benchmark::ClearRegisteredBenchmarks();  // they own adapters: released while libraries live
    if (cases.empty()) {
      throw Error("bench: no case to count (the filter matched none; not counted: " +
                  bench::not_counted_text() + ")");
    }
    if (listing) {  // the cases it would count, as a timed run lists them: nothing is counted
      for (const std::string& name : cases) std::cout << name << '\n';
      return 0;
    }
    bench::RunContext context = {{"not_counted", bench::not_counted_text()}};
    bench::add_git_context(context);
    return run_counts(argc, argv, cases, image_dir, out, context);
  }
  bench::set_progress_filter(filter);
  benchmark::AddCustomContext("suite", suite);
  bench::add_run_context(adapters, config);
  add_measure_context(measure);
  benchmark::RunSpecifiedBenchmarks();
  // The registered cases own adapters: release them now, while the libraries they use are still
  // alive (static destructors at exit run in no useful order).
  benchmark::ClearRegisteredBenchmarks();
  benchmark::Shutdown();
  if (!out.empty()) {
    bench::write_result_file(partial, out);
    std::remove(partial.c_str());
  }
  const int failed = bench::failed_verifications();
  if (failed > 0) {
    std::cerr << "imgbench: " << failed
              << " verification(s) failed; the cases that rest on them were not timed\n";
    return 1;
  }
  return 0;
}

}  // namespace imgbench::cli
