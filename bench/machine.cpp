#include "bench/machine.hpp"

#include <sys/auxv.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace imgbench::bench {
namespace {

bool has_line_starting(const std::string& text, const std::string& key) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(key, 0) == 0) return true;
  }
  return false;
}

}  // namespace

std::string read_cpuinfo() {
  std::ifstream in("/proc/cpuinfo");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string cpu_model(const std::string& cpuinfo) {
  for (const char* key : {"model name", "Model", "CPU part"}) {
    std::istringstream lines(cpuinfo);
    for (std::string line; std::getline(lines, line);) {
      const auto colon = line.find(':');
      if (line.rfind(key, 0) == 0 && colon != std::string::npos && colon + 2 <= line.size()) {
        return line.substr(colon + 2);
      }
    }
  }
  return "unknown";
}

std::string cpuinfo_family(const std::string& cpuinfo) {
  if (has_line_starting(cpuinfo, "vendor_id") || has_line_starting(cpuinfo, "flags")) return "x86";
  if (has_line_starting(cpuinfo, "CPU implementer") || has_line_starting(cpuinfo, "Features")) {
    return "arm";
  }
  return "";
}

std::string compiled_family() {
#if defined(__x86_64__) || defined(__i386__)
  return "x86";
#elif defined(__aarch64__) || defined(__arm__)
  return "arm";
#else
  return "";
#endif
}

Emulation detect_emulation(const std::string& cpuinfo, const std::string& compiled,
                           const char* override_value) {
  if (override_value && *override_value) {
    const std::string value = override_value;
    if (value == "0" || value == "false" || value == "no") return {};
    return {true, std::string("IMGBENCH_EMULATED=") + override_value};
  }
  const std::string kernel = cpuinfo_family(cpuinfo);
  if (kernel.empty() || compiled.empty() || kernel == compiled) return {};
  return {true, compiled + " code on a kernel that describes an " + kernel +
                    " CPU (a user-mode emulator such as qemu-user)"};
}

Emulation this_process_emulation() {
  return detect_emulation(read_cpuinfo(), compiled_family(), std::getenv("IMGBENCH_EMULATED"));
}

std::string arm_core_name(std::uint64_t midr) {
  const unsigned implementer = (midr >> 24) & 0xff, part = (midr >> 4) & 0xfff;
  struct Core {
    unsigned implementer, part;
    const char* name;
  };
  static constexpr Core kCores[] = {
      {0x41, 0xd03, "Cortex-A53"},  {0x41, 0xd04, "Cortex-A35"},  {0x41, 0xd05, "Cortex-A55"},
      {0x41, 0xd07, "Cortex-A57"},  {0x41, 0xd08, "Cortex-A72"},  {0x41, 0xd0b, "Cortex-A76"},
      {0x41, 0xd0c, "Neoverse-N1"}, {0x41, 0xd40, "Neoverse-V1"}, {0x41, 0xd41, "Cortex-A78"},
      {0x41, 0xd46, "Cortex-A510"}, {0x41, 0xd47, "Cortex-A710"}, {0x41, 0xd49, "Neoverse-N2"},
      {0x41, 0xd4f, "Neoverse-V2"}, {0x46, 0x001, "A64FX"}};
  char value[32];
  std::snprintf(value, sizeof value, "MIDR 0x%08llx", static_cast<unsigned long long>(midr));
  for (const Core& core : kCores) {
    if (core.implementer == implementer && core.part == part) {
      return std::string(core.name) + " (" + value + ")";
    }
  }
  return std::string("unknown core (") + value + ")";
}

std::optional<std::uint64_t> arm_midr() {
#if defined(__aarch64__)
  // HWCAP_CPUID: the kernel (or qemu) emulates reads of the ID registers from user space.
  if (getauxval(AT_HWCAP) & (1UL << 11)) {
    std::uint64_t midr = 0;
    asm volatile("mrs %0, midr_el1" : "=r"(midr));
    return midr;
  }
#endif
  return std::nullopt;
}

}  // namespace imgbench::bench
