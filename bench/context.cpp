#include "bench/context.hpp"

#include <benchmark/benchmark.h>
#include <sys/utsname.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "bench/counts.hpp"
#include "bench/machine.hpp"

#ifdef IMGBENCH_HAVE_KERNELS
#include "kernels/simd_level.hpp"
#endif

#ifndef IMGBENCH_BUILD_TYPE
#define IMGBENCH_BUILD_TYPE "unknown"
#endif
#ifndef IMGBENCH_CXX_FLAGS
#define IMGBENCH_CXX_FLAGS "unknown"
#endif
#ifndef IMGBENCH_SOURCE_DIR
#define IMGBENCH_SOURCE_DIR "."
#endif

namespace imgbench::bench {
namespace {

// The first line of /proc/meminfo's "MemTotal:", e.g. "16375388 kB".
std::string memory_total() {
  std::ifstream meminfo("/proc/meminfo");
  std::string line;
  while (std::getline(meminfo, line)) {
    if (line.rfind("MemTotal:", 0) == 0) {
      const auto start = line.find_first_not_of(' ', 9);
      return start == std::string::npos ? "unknown" : line.substr(start);
    }
  }
  return "unknown";
}

// What `command` prints, trailing newline removed; "" when it cannot run.
std::string output_of(const std::string& command) {
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return "";
  std::string text;
  std::array<char, 256> buffer{};
  while (std::fgets(buffer.data(), buffer.size(), pipe.get())) text += buffer.data();
  while (!text.empty() && text.back() == '\n') text.pop_back();
  return text;
}

}  // namespace

// The source tree's commit and whether it has uncommitted changes to tracked files, when the run
// started (the binary may be older: the build type and flags say how it was built).
void add_git_context(RunContext& context) {
  const std::string git = "git -C '" IMGBENCH_SOURCE_DIR "' ";
  const std::string commit = output_of(git + "rev-parse HEAD 2>/dev/null");
  context.emplace_back("git_commit", commit.empty() ? "unknown" : commit);
  if (!commit.empty()) {
    const bool dirty =
        !output_of(git + "status --porcelain --untracked-files=no 2>/dev/null").empty();
    context.emplace_back("git_dirty", dirty ? "true" : "false");
  }
}

namespace {

// Local time, ISO 8601 with the offset.
std::string now_text() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[64];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S%z", &local);
  return text;
}

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "(unset)";
}

// Under emulation the CPU is the emulated core "on" the host's: a machine of its own in the
// results store, never taken for the host or for real hardware.
void add_cpu_context(RunContext& context) {
  const std::optional<std::uint64_t> midr = arm_midr();
  const std::string core = midr ? arm_core_name(*midr) : "";
  if (!core.empty()) context.emplace_back("cpu_core", core);
  const std::string cpuinfo = read_cpuinfo();  // once, for the model and the emulation check
  const std::string model = cpu_model(cpuinfo);
  const Emulation emulation =
      detect_emulation(cpuinfo, compiled_family(), std::getenv("IMGBENCH_EMULATED"));
  if (emulation.emulated) {
    context.emplace_back("cpu_model", "emulated " + (core.empty() ? "CPU" : core) + " on " + model);
  } else {
    context.emplace_back("cpu_model", model);
  }
  context.emplace_back("emulated", emulation.emulated ? "true" : "false");
  if (emulation.emulated) context.emplace_back("emulation", emulation.how);
}

}  // namespace

RunContext run_context(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                       const AdapterConfig& config) {
  RunContext context = {
      {"started_at", now_text()},
      {"imgbench_build_type", IMGBENCH_BUILD_TYPE},
      {"compiler", __VERSION__},
      {"compiler_flags", IMGBENCH_CXX_FLAGS},
  };
  add_cpu_context(context);
  context.insert(context.end(),
                 {
                     {"hardware_threads", std::to_string(std::thread::hardware_concurrency())},
                     {"memory_total", memory_total()},
                 });
  // A counted process leaves the commit to the process that started it: the source directory's
  // path, whose length differs from one worktree to another, would shape its heap.
  if (!counted_process()) add_git_context(context);
  utsname machine{};
  if (uname(&machine) == 0) {
    context.emplace_back("hostname", machine.nodename);
    context.emplace_back("arch", machine.machine);
    context.emplace_back("kernel", machine.release);
  }
  context.emplace_back("library_threads", std::to_string(config.threads));
#ifdef IMGBENCH_HAVE_KERNELS
  std::string levels;
  for (const auto& level : kernels::simd_levels()) levels += (levels.empty() ? "" : ",") + level;
  context.emplace_back("simd_levels_available", levels);
  context.emplace_back("simd_level_used", kernels::simd_level());
  // What charts label the run with: the instruction set of the level used.
  context.emplace_back("simd_target", kernels::simd_target_name(kernels::simd_level()));
#endif
  // What switches libjpeg-turbo's SIMD off (read once per process).
  context.emplace_back("env_JSIMD_FORCENONE", environment("JSIMD_FORCENONE"));
  // The test-only switch that slows one of our kernels down (adapters/simd/injected_slowdown.hpp).
  context.emplace_back("env_IMGBENCH_INJECT_SLOWDOWN", environment("IMGBENCH_INJECT_SLOWDOWN"));
  // The CPU qemu-user emulates (scripts/test --aarch64 sets it per pass).
  context.emplace_back("env_QEMU_CPU", environment("QEMU_CPU"));
  // libvips' vector paths switched off (the emulated runs: SEMANTICS.md, "libvips under
  // emulation").
  context.emplace_back("env_VIPS_NOVECTOR", environment("VIPS_NOVECTOR"));
  for (const auto& adapter : adapters) {
    context.emplace_back("version_" + std::string(adapter->name()), adapter->version());
  }
  return context;
}

void add_run_context(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                     const AdapterConfig& config) {
  for (const auto& [key, value] : run_context(adapters, config)) {
    benchmark::AddCustomContext(key, value);
  }
}

}  // namespace imgbench::bench
