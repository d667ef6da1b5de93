#include "bench/registration.hpp"

#include <atomic>
#include <cstdio>
#include <regex>
#include <set>
#include <vector>

namespace imgbench::bench {
namespace {

struct Progress {
  std::vector<std::string> names;  // every registered case, in order
  std::set<std::string> started;
  int total = 0;
};

Progress& progress() {
  static Progress instance;
  return instance;
}

std::atomic<int> g_failed_verifications{0};

}  // namespace

void register_case(const std::string& name, std::function<void(benchmark::State&)> run) {
  progress().names.push_back(name + "/real_time");  // the name Google Benchmark filters
  benchmark::RegisterBenchmark(name.c_str(),
                               [name, run](benchmark::State& state) {
                                 // Google Benchmark calls a case once per run it makes (the
                                 // iteration estimate, each repetition): announce the first.
                                 Progress& p = progress();
                                 if (p.started.insert(name).second) {
                                   std::fprintf(stderr, "[%zu/%d] %s\n", p.started.size(), p.total,
                                                name.c_str());
                                 }
                                 run(state);
                               })
      ->UseRealTime()
      ->Unit(benchmark::kMillisecond);
}

void set_progress_filter(const std::string& filter) {
  Progress& p = progress();
  if (filter.empty() || filter == "all" || filter == ".") {
    p.total = static_cast<int>(p.names.size());
    return;
  }
  const bool negative = filter.front() == '-';
  const std::regex pattern(negative ? filter.substr(1) : filter, std::regex::extended);
  p.total = 0;
  for (const auto& name : p.names) p.total += std::regex_search(name, pattern) != negative;
}

void count_failed_verification() {
  ++g_failed_verifications;
}

int failed_verifications() {
  return g_failed_verifications;
}

}  // namespace imgbench::bench
