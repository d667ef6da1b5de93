#include "cli/counts_launch.hpp"

#include <fcntl.h>
#include <sys/personality.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "bench/counts.hpp"
#include "cli/cycle_model.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/limits.hpp"

extern char** environ;

namespace imgbench::cli {
namespace {

namespace fs = std::filesystem;

// What a counted process is started as, and where it reads the test images: links in the run's
// directory.
constexpr const char* kLinkedBinary = "imgbench";
constexpr const char* kLinkedImages = "images";

// glibc settings that otherwise depend on the run's history or the CPU: a fixed number of malloc
// arenas, enough for the counted work's thread to get a fresh one (bench/counts.cpp); an explicit
// mmap threshold (which switches off the adaptive one, moved by every large free); no AVX-512 in
// the string functions' ifunc choice (valgrind 3.19 hides it anyway: recorded so).
constexpr const char* kTunables =
    "glibc.malloc.arena_max=8:glibc.malloc.mmap_threshold=131072:"
    "glibc.malloc.trim_threshold=131072:glibc.cpu.hwcaps=-AVX512F,-AVX512VL,-AVX512BW,-AVX512DQ";

// Variables kept from the caller's environment: where programs are, our own switches, and the
// libraries' switches the emulated runs set (VIPS_NOVECTOR: reference/SEMANTICS.md, "libvips
// under emulation").
bool kept(const std::string& name) {
  // Not IMGBENCH_CACHE (the scripts export it; only the launcher's cycle model reads it): the
  // environment's content moves the counts.
  return name == "PATH" || name == "HOME" || name == "TMPDIR" ||
         (name.rfind("IMGBENCH_", 0) == 0 && name != "IMGBENCH_CACHE") ||
         name.rfind("JSIMD_", 0) == 0 || name == "VIPS_NOVECTOR";
}

// The emulated build's counter: the emulator's command (IMGBENCH_COUNTS_EMULATOR, e.g.
// "qemu-aarch64 -cpu cortex-a72 -L SYSROOT") and imgbench's counting plugin for it
// (IMGBENCH_COUNTS_PLUGIN), both set by scripts/counts-aarch64. Empty words: callgrind.
struct QemuCounter {
  std::vector<std::string> emulator;
  std::string plugin;
};

QemuCounter qemu_counter() {
  QemuCounter counter;
  const char* emulator = std::getenv("IMGBENCH_COUNTS_EMULATOR");
  if (emulator == nullptr || *emulator == '\0') return counter;
  std::istringstream words(emulator);
  for (std::string word; words >> word;) counter.emulator.push_back(word);
  const char* plugin = std::getenv("IMGBENCH_COUNTS_PLUGIN");
  if (plugin == nullptr || !fs::exists(plugin)) {
    throw Error(
        "bench: IMGBENCH_COUNTS_EMULATOR is set but IMGBENCH_COUNTS_PLUGIN names no plugin "
        "(build/bench/qemu_counts/libimgbench_qemu_counts.so, made by the host's build)");
  }
  counter.plugin = fs::absolute(plugin).string();
  return counter;
}

std::string first_line_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::array<char, 256> line{};
  if (!pipe || !std::fgets(line.data(), line.size(), pipe.get())) return "";
  std::string text = line.data();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return text;
}

void refuse_avx512(const std::string& level, const char* where) {
  if (bench::valgrind_cannot_run(level)) {
    throw Error(std::string("bench: --measure counts cannot run the AVX-512 level '") + level +
                "' " + where +
                ": valgrind 3.19 has no AVX-512 (count at avx2 or below, or time it with "
                "--measure time)");
  }
}

std::string join_words(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words) text += (text.empty() ? "" : " ") + word;
  return text;
}

std::string read_text(const fs::path& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The child's environment: the kept variables, the pins, and a padding variable that makes the
// strings of the arguments and the environment fill a whole number of pages, so that the stack
// begins at the same offset in a page (the same cache sets) whatever their lengths.
std::vector<std::string> child_environment(const std::vector<std::string>& argv,
                                           const std::string& dump_dir, const std::string& tool) {
  std::vector<std::string> env;
  std::string names;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string text = *entry;
    const std::string name = text.substr(0, text.find('='));
    if (!kept(name) || name.rfind("IMGBENCH_COUNTS_", 0) == 0) continue;
    if (name == "IMGBENCH_CALLGRIND_DUMPS") {  // the process runs elsewhere: an absolute path
      env.push_back(name + "=" + fs::absolute(text.substr(name.size() + 1)).string());
    } else {
      env.push_back(text);
    }
    names += (names.empty() ? "" : ",") + name;
  }
  env.push_back("LC_ALL=C");
  env.push_back(std::string("GLIBC_TUNABLES=") + kTunables);
  env.push_back("IMGBENCH_COUNTS_DIR=" + dump_dir);
  env.push_back("IMGBENCH_COUNTS_TOOL=" + tool);
  env.push_back("IMGBENCH_COUNTS_ENV_KEPT=" + (names.empty() ? std::string("nothing") : names));
  std::size_t bytes = 0;
  for (const auto& text : argv) bytes += text.size() + 1;
  for (const auto& text : env) bytes += text.size() + 1;
  const std::string pad_name = "IMGBENCH_COUNTS_PAD=";
  bytes += pad_name.size() + 1;
  const std::size_t page = 4096;
  env.push_back(pad_name + std::string((page - bytes % page) % page, 'x'));
  return env;
}

std::vector<char*> pointers(std::vector<std::string>& texts) {
  std::vector<char*> result;
  for (auto& text : texts) result.push_back(text.data());
  result.push_back(nullptr);
  return result;
}

// Starts the command in `cwd` with address randomisation off, its stdout and stderr into files in
// `dir`.
pid_t start_child(std::vector<std::string> argv, std::vector<std::string> env, const fs::path& cwd,
                  const fs::path& dir) {
  std::vector<char*> args = pointers(argv);
  std::vector<char*> envp = pointers(env);
  const pid_t pid = fork();
  if (pid < 0) throw Error(std::string("bench: cannot fork: ") + std::strerror(errno));
  if (pid == 0) {
    personality(ADDR_NO_RANDOMIZE);
    const int out = open((dir / "stdout.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = open((dir / "stderr.txt").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) dup2(out, STDOUT_FILENO);
    if (err >= 0) dup2(err, STDERR_FILENO);
    if (chdir(cwd.c_str()) != 0) _exit(2);
    execvpe(args[0], args.data(), envp.data());
    std::fprintf(stderr, "imgbench: error: cannot start %s: %s\n", args[0], std::strerror(errno));
    _exit(2);
  }
  return pid;
}

// "simd" for "blur:sigma=4/simd@sse4/synth-320x200-rgb/real_time" and for
// ".../simd+partial-decode/...".
std::string adapter_of(const std::string& name) {
  const auto first = name.find('/');
  const auto second = name.find('/', first + 1);
  const std::string contender = name.substr(first + 1, second - first - 1);
  return contender.substr(0, contender.find_first_of("@+"));
}

std::string regex_escape(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (std::strchr(".[]{}()\\*+?|^$", c) != nullptr) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

// One case, counted in a process of its own.
struct Group {
  std::string name;  // the case's, "/real_time" included
  fs::path dir;      // callgrind's dumps, the process's result file and its stdout
  pid_t pid = -1;
  std::string failure;  // how the process stopped, when it did not finish
  int status = 0;
};

// This bench command for one case: its own filter and result file, only its adapter created
// (the memcpy baseline needs none: the reference adapter, the cheapest), --max-pixels kept (the
// global options were taken out of argv before the command saw it). The binary and the images
// are named through links in `run_dir` (kLinkedBinary, kLinkedImages), so that every path the
// process sees has the same length whichever checkout it was built in or started from.
std::vector<std::string> group_command(int argc, char** argv, const fs::path& run_dir,
                                       const Group& group) {
  std::vector<std::string> command;
  if (const QemuCounter qemu = qemu_counter(); !qemu.emulator.empty()) {
    command = qemu.emulator;
    command.insert(command.end(), {"-plugin", qemu.plugin + ",dir=" + group.dir.string()});
  } else {
    command = {"valgrind"};
    for (const auto& option : callgrind_options()) command.push_back(option);
    command.push_back("--callgrind-out-file=" + (group.dir / "callgrind.out").string());
  }
  command.push_back((run_dir / kLinkedBinary).string());
  const std::string adapter = adapter_of(group.name);
  command.insert(command.end(), {"bench", "--max-pixels", std::to_string(max_pixels()), "--out",
                                 (group.dir / "result.json").string(), "--lib",
                                 adapter == "baseline" ? "reference" : adapter, "--images",
                                 (run_dir / kLinkedImages).string()});
  // The options of `bench` that take a separate value (cmd_bench.cpp); any other word is an
  // input file, named absolutely since the process runs in `run_dir`.
  const std::set<std::string> with_value = {"--suite", "--threads", "--simd",
                                            "--input", "--measure", "--time-limit"};
  for (int i = 2; i < argc; ++i) {
    const std::string arg = argv[i];
    const bool replaced_with_value = arg == "--out" || arg == "--lib" || arg == "--images";
    const bool replaced = arg.rfind("--out=", 0) == 0 || arg.rfind("--lib=", 0) == 0 ||
                          arg.rfind("--images=", 0) == 0 ||
                          arg.rfind("--benchmark_filter=", 0) == 0 ||
                          arg.rfind("--benchmark_out", 0) == 0;
    if (replaced_with_value) {
      ++i;
    } else if (arg == "--input" && i + 1 < argc) {
      command.insert(command.end(), {arg, fs::absolute(argv[++i]).string()});
    } else if (arg.rfind("--input=", 0) == 0) {
      command.push_back("--input=" + fs::absolute(arg.substr(8)).string());
    } else if (with_value.contains(arg) && i + 1 < argc) {
      command.insert(command.end(), {arg, argv[++i]});
    } else if (!arg.starts_with("-")) {
      command.push_back(fs::absolute(arg).string());
    } else if (!replaced) {
      command.push_back(arg);
    }
  }
  const std::string name = regex_escape(group.name.substr(0, group.name.rfind("/real_time")));
  command.push_back("--benchmark_filter=^" + name + "/real_time$");
  return command;
}

// A finished case's row of Google Benchmark's table, and what it said of a failure.
void print_outcome(const Group& done) {
  std::istringstream table(read_text(done.dir / "stdout.txt"));
  for (std::string line; std::getline(table, line);) {
    if (!line.empty() && line[0] != '-' && line.rfind("Benchmark ", 0) != 0) {
      std::cout << line << "\n";
    }
  }
  std::cout << std::flush;
  if (done.status == 0) return;
  std::istringstream log(read_text(done.dir / "stderr.txt"));
  for (std::string line; std::getline(log, line);) {
    if (line.rfind("imgbench:", 0) == 0 || line.rfind("Failed", 0) == 0) {
      std::cerr << line << " [" << done.name << "]\n";
    }
  }
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" +
         strsignal(WTERMSIG(status)) + ")";
}

// Runs every group's process, at most `parallel` at once, printing each one's table when done.
void run_groups(int argc, char** argv, const fs::path& run_dir, std::vector<Group>& groups,
                const std::string& tool, unsigned parallel) {
  std::map<pid_t, Group*> running;
  std::size_t started = 0;
  auto wait_one = [&] {
    int status = 0;
    pid_t pid = -1;
    while ((pid = waitpid(-1, &status, 0)) < 0 && errno == EINTR) {
    }
    if (pid < 0) throw Error(std::string("bench: waitpid: ") + std::strerror(errno));
    Group& done = *running.at(pid);
    running.erase(pid);
    done.status = status;
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1 || !fs::exists(done.dir / "result.json")) {
      done.failure = describe_status(status);
      std::cerr << "imgbench: error: the counts of " << done.name << " stopped early ("
                << done.failure << "); the case is missing from the result, the run goes on\n";
    }
    print_outcome(done);
  };
  try {
    for (Group& group : groups) {
      while (running.size() >= parallel) wait_one();
      const std::vector<std::string> command = group_command(argc, argv, run_dir, group);
      std::cerr << "[" << ++started << "/" << groups.size() << "] "
                << group.name.substr(0, group.name.rfind("/real_time")) << "\n";
      group.pid =
          start_child(command, child_environment(command, group.dir, tool), run_dir, group.dir);
      running[group.pid] = &group;
    }
    while (!running.empty()) wait_one();
  } catch (...) {
    // Nothing may go on writing into the directory the caller is about to remove.
    for (const auto& [pid, group] : running) kill(pid, SIGKILL);
    for (const auto& [pid, group] : running) waitpid(pid, nullptr, 0);
    throw;
  }
}

// The blocks qemu's counter found executed in one dump of a case, and how often.
struct DumpBlocks {
  std::string name;                                               // "step:<name>" or "case"
  std::vector<std::pair<std::string, std::uint64_t>> executions;  // block bytes (hex), count
};

// A case's dumps, in order (the counted process listed them in dumps.txt): a block is defined
// (its bytes) in the first dump it appears in, then named by its number.
std::vector<DumpBlocks> read_block_dumps(const fs::path& dir) {
  std::vector<DumpBlocks> dumps;
  std::map<std::string, std::string> bytes_of;
  std::istringstream list(read_text(dir / "dumps.txt"));
  for (std::string file, name; list >> file >> name;) {
    DumpBlocks dump{name, {}};
    std::istringstream lines(read_text(dir / file));
    for (std::string line; std::getline(lines, line);) {
      std::istringstream words(line);
      std::string kind, id;
      words >> kind >> id;
      if (kind == "block") {
        std::string vaddr, instructions, bytes;
        words >> vaddr >> instructions >> bytes;
        bytes_of[id] = bytes;
      } else if (kind == "count") {
        std::uint64_t count = 0;
        words >> count;
        if (!bytes_of.contains(id))
          throw Error("qemu counts dump " + file + ": block " + id + " undefined");
        dump.executions.emplace_back(bytes_of[id], count);
      }
    }
    dumps.push_back(std::move(dump));
  }
  return dumps;
}

// The cycle model of an emulated counts run (IMGBENCH_COUNTS_MCPU, llvm-mca's -mcpu, set by
// scripts/counts-aarch64), or none: instructions only.
std::unique_ptr<CycleModel> cycle_model() {
  const char* mcpu = std::getenv("IMGBENCH_COUNTS_MCPU");
  if (mcpu == nullptr || *mcpu == '\0') return nullptr;
  // Pinned: llvm-mca's CPU models change between LLVM versions (reference/ research notes).
  return std::make_unique<CycleModel>("llvm-mca-19", mcpu);
}

// Adds "est_cycles" and "est_cycles/<step>" to each finished case's result file, from its
// blocks' executions and the model's cycles per block: every case's blocks modelled in one go.
void add_estimated_cycles(const std::vector<Group>& groups, CycleModel& model) {
  std::vector<std::pair<const Group*, std::vector<DumpBlocks>>> cases;
  std::set<std::string> blocks;
  for (const Group& group : groups) {
    if (!group.failure.empty() || !fs::exists(group.dir / "dumps.txt")) continue;
    cases.emplace_back(&group, read_block_dumps(group.dir));
    for (const auto& dump : cases.back().second)
      for (const auto& [bytes, count] : dump.executions) blocks.insert(bytes);
  }
  model.prepare(blocks);
  for (const auto& [group, dumps] : cases) {
    double total = 0;
    std::map<std::string, double> steps;
    for (const auto& dump : dumps) {
      double cycles = 0;
      for (const auto& [bytes, count] : dump.executions)
        cycles += model.cycles(bytes) * static_cast<double>(count);
      total += cycles;
      if (dump.name.rfind("step:", 0) == 0) steps[dump.name.substr(5)] += cycles;
    }
    const fs::path file = group->dir / "result.json";
    nlohmann::json result = nlohmann::json::parse(read_text(file));
    for (auto& benchmark : result["benchmarks"]) {
      benchmark["est_cycles"] = std::llround(total);
      for (const auto& [step, cycles] : steps)
        benchmark["est_cycles/" + step] = std::llround(cycles);
    }
    const std::string text = result.dump(2) + "\n";
    write_file_atomic(file.string(),
                      {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  }
}

nlohmann::json read_result(const fs::path& path) {
  const std::string text = read_text(path);
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw Error(path.string() + ": not a result file (" + error.what() + ")");
  }
}

// The cases' result files as one: the first's context, with how the run was split, what
// stopped early and `extra` (the planner's entries), then every case's benchmark.
nlohmann::json merge_results(const std::vector<Group>& groups,
                             const std::vector<std::pair<std::string, std::string>>& extra) {
  nlohmann::json merged;
  std::string incomplete;
  for (const Group& group : groups) {
    if (!group.failure.empty()) {
      incomplete += (incomplete.empty() ? "" : "; ") + group.name + ": " + group.failure;
      continue;
    }
    nlohmann::json part = read_result(group.dir / "result.json");
    if (merged.is_null()) {
      merged = part;
      merged["benchmarks"] = nlohmann::json::array();
    }
    for (auto& benchmark : part["benchmarks"]) merged["benchmarks"].push_back(std::move(benchmark));
  }
  if (merged.is_null()) throw Error("bench: no counts process finished (" + incomplete + ")");
  nlohmann::json& context = merged["context"];
  context["counts_processes"] =
      std::to_string(groups.size()) + " counted processes, one per case, at most " +
      std::to_string(std::max(1u, std::thread::hardware_concurrency())) + " at once";
  context["counts_incomplete"] = incomplete.empty() ? "no" : incomplete;
  for (const auto& [key, value] : extra) context[key] = value;
  return merged;
}

}  // namespace

// The cache model is CodSpeed's, never the host's (callgrind would read the host's otherwise).
// No gdbserver: nothing attaches to a counted process.
std::vector<std::string> callgrind_options() {
  return {"--tool=callgrind",
          "--instr-atstart=no",
          "--collect-atstart=no",
          "--cache-sim=yes",
          "--I1=32768,8,64",
          "--D1=32768,8,64",
          "--LL=8388608,16,64",
          "--dump-line=no",
          "--dump-instr=no",
          "--compress-strings=no",
          "--compress-pos=no",
          "--error-exitcode=0",
          "--vgdb=no",
          "--quiet"};
}

void check_countable(const std::string& simd) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  throw Error(
      "bench: --measure counts needs a build without sanitizers (valgrind cannot run "
      "AddressSanitizer's or ThreadSanitizer's code): use the release build");
#endif
  if (!qemu_counter().emulator.empty()) return;  // qemu runs every level its CPU model has
  refuse_avx512(simd, "(--simd)");
  if (const char* level = std::getenv("IMGBENCH_SIMD")) refuse_avx512(level, "(IMGBENCH_SIMD)");
  if (first_line_of("valgrind --version 2>/dev/null").empty()) {
    throw Error(
        "bench: --measure counts needs valgrind (Debian package valgrind; ./scripts/setup "
        "installs it)");
  }
}

int run_counts(int argc, char** argv, const std::vector<std::string>& cases,
               const std::string& images, const std::string& out,
               std::vector<std::pair<std::string, std::string>> context) {
  if (cases.empty()) throw Error("bench: no case of the suite matches the filter");
  const QemuCounter qemu = qemu_counter();
  // What counted (recorded as the context's counts_tool; a counted process tells its counter by
  // it, bench::counted_under_qemu).
  std::string tool = first_line_of("valgrind --version 2>/dev/null") + " callgrind";
  std::unique_ptr<CycleModel> model;  // made now: a missing llvm-mca stops the run before it starts
  if (!qemu.emulator.empty()) {
    const std::string version = first_line_of(qemu.emulator[0] + " --version 2>/dev/null");
    if (version.rfind("qemu", 0) != 0) {
      throw Error("bench: IMGBENCH_COUNTS_EMULATOR does not start a qemu-user ('" +
                  qemu.emulator[0] + " --version' says '" + version + "')");
    }
    tool = version + " with imgbench's counting plugin, emulating: " + join_words(qemu.emulator);
    model = cycle_model();
  }
  std::vector<Group> groups;
  for (const auto& name : cases) groups.push_back({name, {}, -1, {}, 0});
  char dir_template[] = "/tmp/imgbench-counts-XXXXXX";
  if (mkdtemp(dir_template) == nullptr) {
    throw Error(std::string("bench: cannot make a directory for callgrind: ") +
                std::strerror(errno));
  }
  const fs::path dir = dir_template;
  int status = 0;
  try {
    const fs::path binary = fs::read_symlink("/proc/self/exe");
    // A copy, not a link: the process's real path (which the loader and the embedded Python
    // read) then has the same length whichever checkout built it.
    fs::copy_file(binary, dir / kLinkedBinary);
    fs::create_directory_symlink(fs::absolute(images), dir / kLinkedImages);
    context.emplace_back("counts_binary", binary.string());
    for (std::size_t i = 0; i < groups.size(); ++i) {
      char number[24];
      std::snprintf(number, sizeof number, "%05zu", i);  // one length for every case
      groups[i].dir = dir / number;
      fs::create_directory(groups[i].dir);
    }
    run_groups(argc, argv, dir, groups, tool, std::max(1u, std::thread::hardware_concurrency()));
    if (model) {
      add_estimated_cycles(groups, *model);
      context.emplace_back("counts_cycle_model", model->describe());
    }
    const std::string merged = merge_results(groups, context)
                                   .dump(2, ' ', false, nlohmann::json::error_handler_t::replace) +
                               "\n";
    // Written whole or not at all: a killed run leaves no file that looks complete.
    if (!out.empty()) {
      write_file_atomic(out, {reinterpret_cast<const std::uint8_t*>(merged.data()), merged.size()});
    }
    for (const Group& group : groups) {
      const bool failed_verification = WIFEXITED(group.status) && WEXITSTATUS(group.status) == 1;
      // A case that stopped early is a failed case, as a failed verification is: recorded (in
      // the context's counts_incomplete) and the run goes on.
      status = std::max(status, !group.failure.empty() || failed_verification ? 1 : 0);
    }
  } catch (...) {
    fs::remove_all(dir);
    throw;
  }
  fs::remove_all(dir);
  return status;
}

}  // namespace imgbench::cli
