#include "bench/peak_memory.hpp"

#include <malloc.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>

namespace imgbench::bench {
namespace {

bool on_main_thread() {
  return gettid() == getpid();
}

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
  if (!on_main_thread()) return;
  malloc_trim(0);
  if (reset_peak()) start_kib_ = resident_kib();
}

std::optional<double> PeakMemory::added_mib() const {
  const auto peak = resident_peak_kib();
  if (!start_kib_ || !peak) return std::nullopt;
  return static_cast<double>(*peak - *start_kib_) / 1024.0;
}

namespace {

// Each case's measured peak (nullopt: not measurable), by case name.
std::map<std::string, std::optional<double>>& case_peaks() {
  static std::map<std::string, std::optional<double>> peaks;
  return peaks;
}

}  // namespace

CaseMemory::CaseMemory(const std::string& key) : key_(key) {
  if (on_main_thread() && !case_peaks().contains(key_)) measuring_.emplace();
}

std::optional<double> CaseMemory::finish() {
  if (!on_main_thread()) return std::nullopt;
  if (measuring_) {
    case_peaks()[key_] = measuring_->added_mib();
    measuring_.reset();
  }
  const auto found = case_peaks().find(key_);
  return found == case_peaks().end() ? std::nullopt : found->second;
}

void CaseMemory::report(benchmark::State& state) {
  if (const auto mib = finish()) state.counters["peak_mib"] = *mib;
}

}  // namespace imgbench::bench
