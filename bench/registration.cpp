#include "bench/registration.hpp"

#include <cstdio>
#include <map>
#include <regex>
#include <set>
#include <vector>

#include "reference/known_findings.hpp"

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

// Cases run one at a time on the main thread: no locking.
struct Verdicts {
  std::map<std::string, Verdict> by_key;
  int failed = 0;
};

Verdicts& verdicts() {
  static Verdicts instance;
  return instance;
}

}  // namespace

void register_case(const std::string& name, std::function<void(benchmark::State&)> run,
                   CaseRecord record) {
  keep_record(name, std::move(record));
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

std::vector<std::string> selected_cases(const std::string& filter) {
  const std::vector<std::string>& names = progress().names;
  if (filter.empty() || filter == "all" || filter == ".") return names;
  const bool negative = filter.front() == '-';
  const std::regex pattern(negative ? filter.substr(1) : filter, std::regex::extended);
  std::vector<std::string> selected;
  for (const auto& name : names) {
    if (std::regex_search(name, pattern) != negative) selected.push_back(name);
  }
  return selected;
}

void set_progress_filter(const std::string& filter) {
  progress().total = static_cast<int>(selected_cases(filter).size());
}

const Verdict& verdict_once(const std::string& key, const std::function<Verdict()>& verify,
                            bool approximate) {
  Verdicts& all = verdicts();
  if (const auto found = all.by_key.find(key); found != all.by_key.end()) return found->second;
  const Verdict& verdict = all.by_key.emplace(key, verify()).first->second;
  const bool ran = verdict.status != reference::VerdictStatus::error;
  const bool failed = !verdict.passed() && verdict.status != reference::VerdictStatus::known;
  if (approximate ? !ran : failed) ++all.failed;
  return verdict;
}

const Verdict& verdict_once(const std::string& key, const Adapter& adapter,
                            const std::function<Verdict()>& verify) {
  return verdict_once(key, [&] {
    Verdict verdict = verify();
    reference::apply_known_findings(verdict, key, adapter.name(), adapter.version());
    return verdict;
  });
}

int failed_verifications() {
  return verdicts().failed;
}

const Verdict* recorded_verdict(const std::string& key) {
  const auto found = verdicts().by_key.find(key);
  return found == verdicts().by_key.end() ? nullptr : &found->second;
}

}  // namespace imgbench::bench
