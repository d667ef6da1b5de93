#include "bench/peak_memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace imgbench::bench {
namespace {

std::optional<long> status_kib(const std::string& field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
  }
  return std::nullopt;
}

bool reset_peak() {
  std::ofstream clear_refs("/proc/self/clear_refs");
  clear_refs << "5";
  clear_refs.flush();
  return static_cast<bool>(clear_refs);
}

}  // namespace

std::optional<long> resident_kib() {
  return status_kib("VmRSS");
}

std::optional<long> resident_peak_kib() {
  return status_kib("VmHWM");
}

PeakMemory::PeakMemory() {
  if (gettid() != getpid()) return;  // not the main thread
  malloc_trim(0);
  if (reset_peak()) start_kib_ = resident_kib();
}

std::optional<double> PeakMemory::added_mib() const {
  const auto peak = resident_peak_kib();
  if (!start_kib_ || !peak) return std::nullopt;
  return static_cast<double>(*peak - *start_kib_) / 1024.0;
}

void PeakMemory::report(benchmark::State& state) const {
  if (const auto mib = added_mib()) state.counters["peak_mib"] = *mib;
}

}  // namespace imgbench::bench
