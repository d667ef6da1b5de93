#include "bench/context.hpp"

#include <benchmark/benchmark.h>
#include <sys/utsname.h>

#include <fstream>
#include <string>

#ifndef IMGBENCH_BUILD_TYPE
#define IMGBENCH_BUILD_TYPE "unknown"
#endif

namespace imgbench::bench {
namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    // x86 says "model name", aarch64 kernels often only "CPU part"; take the first of either.
    for (const char* key : {"model name", "Model", "CPU part"}) {
      if (line.rfind(key, 0) == 0) {
        if (const auto colon = line.find(':'); colon != std::string::npos) {
          return line.substr(colon + 2);
        }
      }
    }
  }
  return "unknown";
}

}  // namespace

void add_run_context(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                     const AdapterConfig& config) {
  benchmark::AddCustomContext("imgbench_build_type", IMGBENCH_BUILD_TYPE);
  benchmark::AddCustomContext("compiler", __VERSION__);
  benchmark::AddCustomContext("cpu_model", cpu_model());
  utsname machine{};
  if (uname(&machine) == 0) {
    benchmark::AddCustomContext("arch", machine.machine);
    benchmark::AddCustomContext("kernel", machine.release);
  }
  benchmark::AddCustomContext("library_threads", std::to_string(config.threads));
  for (const auto& adapter : adapters) {
    benchmark::AddCustomContext("version_" + std::string(adapter->name()), adapter->version());
  }
}

}  // namespace imgbench::bench
