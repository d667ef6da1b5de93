#include "bench/counts.hpp"

#include <sys/personality.h>
#include <valgrind/callgrind.h>
#include <valgrind/valgrind.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

#include "core/error.hpp"

// The marks a process counted under qemu gives its counter (bench/qemu_counts/
// qemu_counts_plugin.c), which finds these functions by name when qemu translates them. Their
// bodies differ, so that no optimisation folds them into one.
extern "C" {
volatile int imgbench_counts_marks = 0;
__attribute__((noinline, used)) void imgbench_counts_collect_on() {
  imgbench_counts_marks = 1;
}
__attribute__((noinline, used)) void imgbench_counts_collect_off() {
  imgbench_counts_marks = 2;
}
__attribute__((noinline, used)) void imgbench_counts_dump() {
  imgbench_counts_marks = 3;
}
}

namespace imgbench::bench {
namespace {

Measure& the_measure() {
  static Measure value = Measure::time;
  return value;
}

std::vector<std::pair<std::string, std::string>>& not_counted_cases() {
  static std::vector<std::pair<std::string, std::string>> cases;
  return cases;
}

// The whitespace-separated words after `key` on the line that starts with it.
std::vector<std::string> words_after(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(key, 0) != 0) continue;
    std::istringstream words(line.substr(key.size()));
    std::vector<std::string> found;
    for (std::string word; words >> word;) found.push_back(word);
    return found;
  }
  throw Error("the counter's output has no '" + key + "' line");
}

// The directory the launcher told callgrind to write its dumps to (cli/counts_launch.cpp).
std::filesystem::path dump_directory() {
  const char* dir = std::getenv("IMGBENCH_COUNTS_DIR");
  if (dir == nullptr || *dir == '\0') {
    throw Error(
        "--measure counts: IMGBENCH_COUNTS_DIR is unset; start `imgbench bench --measure "
        "counts` directly (it runs itself under callgrind)");
  }
  return dir;
}

// True during a counted iteration: step boundaries then dump (count_step).
std::atomic<bool> counting_now{false};

// The names of the dumps asked of qemu's counter, in order: its files carry only a number.
std::vector<std::string>& qemu_dump_names() {
  static std::vector<std::string> names;
  return names;
}

// Asks the counter for a dump named `trigger` of the costs since the previous one.
void dump_counts(const std::string& trigger) {
  if (counted_under_qemu()) {
    qemu_dump_names().push_back(trigger);
    imgbench_counts_dump();
  } else {
    CALLGRIND_DUMP_STATS_AT(trigger.c_str());
  }
}

// "callgrind.out.<n>" (or qemu's "qemu.out.<n>") in the dump directory, in the order written;
// "callgrind.out" itself is the file of the final dump at exit, opened at start, and never ours.
std::vector<std::filesystem::path> dumps_written() {
  std::vector<std::pair<long, std::filesystem::path>> numbered;
  const std::string prefix = counted_under_qemu() ? "qemu.out." : "callgrind.out.";
  for (const auto& entry : std::filesystem::directory_iterator(dump_directory())) {
    const std::string file = entry.path().filename().string();
    if (file.rfind(prefix, 0) == 0)
      numbered.emplace_back(std::stol(file.substr(prefix.size())), entry.path());
  }
  std::sort(numbered.begin(), numbered.end());
  std::vector<std::filesystem::path> paths;
  for (auto& [number, path] : numbered) paths.push_back(std::move(path));
  return paths;
}

void remove_dumps() {
  for (const auto& path : dumps_written()) std::filesystem::remove(path);
  qemu_dump_names().clear();
  qemu_dump_names().reserve(256);  // no allocation inside the counted window for the first 256
}

// Copies a dump to DIR/<case name, '/' and ':' as '_'>.<part>.callgrind.
void keep_dump(const std::filesystem::path& dump, const std::string& dir, std::string name,
               int part) {
  std::replace_if(
      name.begin(), name.end(), [](char c) { return c == '/' || c == ':'; }, '_');
  std::filesystem::create_directories(dir);
  std::filesystem::copy_file(
      dump, std::filesystem::path(dir) / (name + "." + std::to_string(part) + ".callgrind"),
      std::filesystem::copy_options::overwrite_existing);
}

// What triggered a dump: the name given to CALLGRIND_DUMP_STATS_AT.
std::string dump_trigger(const std::string& text) {
  const std::string key = "desc: Trigger: Client Request: ";
  const auto start = text.find(key);
  if (start == std::string::npos) return "";
  const auto end = text.find('\n', start);
  return text.substr(start + key.size(), end - start - key.size());
}

Counts& operator+=(Counts& total, const Counts& part) {
  total.instructions += part.instructions;
  total.d1_misses += part.d1_misses;
  total.ll_misses += part.ll_misses;
  total.est_cycles += part.est_cycles;
  return total;
}

// The counted iteration's costs: every dump since the costs were zeroed, each deleted once read.
// A step's dump ("step:<name>") holds the costs since the previous dump; the last ("case") the
// rest. Steps of one name (32 crop requests each with a decode) add up.
struct CaseCounts {
  Counts total;
  std::vector<std::pair<std::string, Counts>> steps;  // in the order first seen
};

// qemu's dumps stay for the launcher, which estimates their cycles (cli/counts_launch.cpp): it
// reads their names from "dumps.txt", a line "<file> <name>" each, in order.
void list_qemu_dumps(const std::vector<std::filesystem::path>& dumps) {
  std::ofstream list(dump_directory() / "dumps.txt");
  for (std::size_t i = 0; i < dumps.size(); ++i) {
    list << dumps[i].filename().string() << " " << qemu_dump_names().at(i) << "\n";
  }
  if (!list) throw Error("--measure counts: cannot list the dumps in " + dump_directory().string());
}

CaseCounts read_dumps(const std::string& name) {
  CaseCounts counts;
  const char* keep = std::getenv("IMGBENCH_CALLGRIND_DUMPS");
  int kept = 0;
  const bool qemu = counted_under_qemu();
  const std::vector<std::filesystem::path> dumps = dumps_written();
  if (qemu) {
    if (dumps.size() != qemu_dump_names().size()) {
      throw Error("--measure counts: qemu's counter wrote " + std::to_string(dumps.size()) +
                  " dumps for " + std::to_string(qemu_dump_names().size()) +
                  " marks (is its plugin loaded?)");
    }
    list_qemu_dumps(dumps);
  }
  for (std::size_t index = 0; index < dumps.size(); ++index) {
    const auto& path = dumps[index];
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    if (keep != nullptr && *keep != '\0') keep_dump(path, keep, name, ++kept);
    if (!qemu) std::filesystem::remove(path);
    const Counts part = qemu ? parse_qemu_counts(text.str()) : parse_callgrind_totals(text.str());
    counts.total += part;
    const std::string trigger = qemu ? qemu_dump_names()[index] : dump_trigger(text.str());
    if (trigger.rfind("step:", 0) != 0) continue;
    const std::string step = trigger.substr(5);
    auto found = std::find_if(counts.steps.begin(), counts.steps.end(),
                              [&](const auto& entry) { return entry.first == step; });
    if (found == counts.steps.end()) {
      counts.steps.emplace_back(step, Counts{});
      found = counts.steps.end() - 1;
    }
    found->second += part;
  }
  return counts;
}

void set_count_counters(benchmark::State& state, const CaseCounts& counts) {
  // Doubles hold integers exactly up to 2^53 (9e15); Google Benchmark writes counters with 17
  // significant digits, so the JSON carries every digit.
  // qemu's counter has no cache simulation: its cycles are estimated by the launcher, from the
  // blocks in its dumps.
  const bool cache_simulated = !counted_under_qemu();
  const Counts& total = counts.total;
  state.counters["instructions"] = static_cast<double>(total.instructions);
  if (cache_simulated) {
    state.counters["d1_misses"] = static_cast<double>(total.d1_misses);
    state.counters["ll_misses"] = static_cast<double>(total.ll_misses);
    state.counters["est_cycles"] = static_cast<double>(total.est_cycles);
  }
  // A sequence's steps: a change confined to one step (our blur, a tenth of the full cycle's
  // work) shows at its own scale.
  for (const auto& [step, part] : counts.steps) {
    state.counters["instructions/" + step] = static_cast<double>(part.instructions);
    if (cache_simulated)
      state.counters["est_cycles/" + step] = static_cast<double>(part.est_cycles);
  }
}

// Collection of this thread's costs on or off: callgrind's toggle, or qemu's counter's marks.
void toggle_collection(bool on) {
  if (counted_under_qemu()) {
    on ? imgbench_counts_collect_on() : imgbench_counts_collect_off();
  } else {
    CALLGRIND_TOGGLE_COLLECT;
  }
}

// Instrumentation switched off again however the counted work ends (callgrind; qemu's counter
// instruments everything, and collects only between the marks).
struct Instrumented {
  Instrumented() { CALLGRIND_START_INSTRUMENTATION; }
  ~Instrumented() {
    counting_now = false;
    CALLGRIND_STOP_INSTRUMENTATION;
  }
  Instrumented(const Instrumented&) = delete;
  Instrumented& operator=(const Instrumented&) = delete;
};

// The warm-up and the counted iteration run in a thread of their own, which glibc gives a malloc
// arena of its own (the launcher allows several): the counted work finds a heap that only its
// warm-up has used, laid out the same whatever the process allocated before (path names of other
// lengths, reports of other times), so that its malloc calls and the alignment of its buffers
// repeat to the instruction.
void run_counted(benchmark::State& state, const std::string& name,
                 const std::function<void()>& work) {
  remove_dumps();  // what a case that failed half-way left
  std::exception_ptr failure;
  std::thread([&] {
    try {
      const Instrumented instrumented;
      work();  // the warm-up: code translated, simulated caches filled by this case
      for (auto _ : state) {
        CALLGRIND_ZERO_STATS;
        // Under callgrind, collection is this thread's alone (the process runs with
        // --collect-atstart=no): what the other threads do meanwhile is not counted. qemu's
        // counter collects every thread's blocks: only single-threaded cases are counted there.
        toggle_collection(true);
        counting_now = true;
        work();
        counting_now = false;
        toggle_collection(false);
        CALLGRIND_STOP_INSTRUMENTATION;  // before the loop's own bookkeeping
      }
    } catch (...) {
      failure = std::current_exception();
    }
  }).join();
  if (failure) std::rethrow_exception(failure);
  dump_counts("case");
  set_count_counters(state, read_dumps(name));
}

}  // namespace

Measure parse_measure(const std::string& name) {
  if (name == "time") return Measure::time;
  if (name == "counts") return Measure::counts;
  throw Error("bench: unknown measure '" + name + "' (known: time, counts)");
}

const char* to_string(Measure measure) {
  return measure == Measure::counts ? "counts" : "time";
}

void set_measure(Measure measure) {
  the_measure() = measure;
}

Measure measure() {
  return the_measure();
}

bool under_valgrind() {
  return RUNNING_ON_VALGRIND != 0;
}

bool counted_under_qemu() {
  // Read once, before any counting: a getenv inside a counted window would be counted, and its
  // cost would move with the environment.
  static const bool qemu = [] {
    const char* tool = std::getenv("IMGBENCH_COUNTS_TOOL");
    return tool != nullptr && std::string_view(tool).rfind("qemu", 0) == 0;
  }();
  return qemu;
}

bool counted_process() {
  return under_valgrind() || counted_under_qemu();
}

Counts parse_qemu_counts(const std::string& text) {
  const std::vector<std::string> total = words_after(text, "instructions ");
  if (total.size() != 1) throw Error("qemu counts dump: a malformed 'instructions' line");
  Counts counts;
  counts.instructions = std::stoull(total[0]);
  return counts;
}

bool valgrind_cannot_run(const std::string& level) {
  return level.rfind("avx3", 0) == 0;
}

Counts parse_callgrind_totals(const std::string& text) {
  const std::vector<std::string> events = words_after(text, "events:");
  const std::vector<std::string> totals = words_after(text, "totals:");
  std::map<std::string, std::uint64_t> value;
  for (std::size_t i = 0; i < events.size(); ++i) {
    // A trailing event left out of a totals line is zero (callgrind's format).
    value[events[i]] = i < totals.size() ? std::stoull(totals[i]) : 0;
  }
  for (const char* needed : {"Ir", "Dr", "Dw", "I1mr", "D1mr", "D1mw", "ILmr", "DLmr", "DLmw"}) {
    if (value.count(needed) == 0) {
      throw Error(std::string("callgrind output lacks the event ") + needed +
                  " (run with --cache-sim=yes)");
    }
  }
  Counts counts;
  counts.instructions = value["Ir"];
  counts.d1_misses = value["D1mr"] + value["D1mw"];
  counts.ll_misses = value["ILmr"] + value["DLmr"] + value["DLmw"];
  const std::uint64_t accesses = value["Ir"] + value["Dr"] + value["Dw"];
  const std::uint64_t l1_misses = value["I1mr"] + counts.d1_misses;
  const std::uint64_t l1_hits = accesses - l1_misses;
  const std::uint64_t ll_hits = l1_misses - counts.ll_misses;
  counts.est_cycles = l1_hits + 5 * ll_hits + 35 * counts.ll_misses;
  return counts;
}

void run_measured(benchmark::State& state, const std::string& name,
                  const std::function<void()>& work) {
  if (counting()) return run_counted(state, name, work);
  for (auto _ : state) work();
}

void count_step(std::string_view step) {
  if (!counting_now.load(std::memory_order_relaxed)) return;
  dump_counts("step:" + std::string(step));
}

void note_not_counted(const std::string& name, const std::string& reason) {
  auto& cases = not_counted_cases();
  const std::pair<std::string, std::string> entry{name, reason};
  if (std::find(cases.begin(), cases.end(), entry) == cases.end()) cases.push_back(entry);
}

const std::vector<std::pair<std::string, std::string>>& not_counted() {
  return not_counted_cases();
}

std::vector<std::pair<std::string, std::string>> counts_context() {
  std::vector<std::pair<std::string, std::string>> context;
  const char* tool = std::getenv("IMGBENCH_COUNTS_TOOL");
  context.emplace_back("counts_tool", tool ? tool : "unknown");
  context.emplace_back("counts_iterations",
                       "1 warm-up (instrumented, not counted), 1 counted; both in a thread of "
                       "their own with a fresh malloc arena");
  const int persona = personality(0xffffffff);
  context.emplace_back("address_randomization",
                       persona != -1 && (persona & ADDR_NO_RANDOMIZE) ? "off" : "on");
  const char* kept = std::getenv("IMGBENCH_COUNTS_ENV_KEPT");
  context.emplace_back("counts_environment",
                       std::string("cleared but for ") + (kept ? kept : "unknown"));
  context.emplace_back("python_hash_seed", "0 (fixed in the embedded interpreter's configuration)");
  const char* tunables = std::getenv("GLIBC_TUNABLES");
  context.emplace_back("env_GLIBC_TUNABLES", tunables ? tunables : "(unset)");
#if defined(__x86_64__)
  // What CPU-dispatching code (glibc's ifuncs, Highway, OpenCV, libjpeg-turbo) sees here.
  std::string seen;
  auto add = [&](const char* name, bool present) {
    seen += std::string(seen.empty() ? "" : " ") + (present ? "+" : "-") + name;
  };
  add("sse4.2", __builtin_cpu_supports("sse4.2"));
  add("avx2", __builtin_cpu_supports("avx2"));
  add("fma", __builtin_cpu_supports("fma"));
  add("avx512f", __builtin_cpu_supports("avx512f"));
  context.emplace_back("cpu_features_seen", seen);
#endif
  return context;
}

std::string not_counted_text() {
  std::string text;
  for (const auto& [name, reason] : not_counted()) {
    text += (text.empty() ? "" : "; ") + name + " (" + reason + ")";
  }
  return text.empty() ? "none" : text;
}

}  // namespace imgbench::bench
