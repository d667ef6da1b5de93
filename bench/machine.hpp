#pragma once
// Facts about the machine a run ran on that a result file must not get wrong: which CPU core an
// Arm machine has, and whether the process runs under an emulator (qemu-user), whose timings say
// nothing about the machine it pretends to be.
#include <cstdint>
#include <optional>
#include <string>

namespace imgbench::bench {

// The text of /proc/cpuinfo.
std::string read_cpuinfo();

// The CPU's name in /proc/cpuinfo: x86's "model name"; a Raspberry Pi's board ("Model", after
// the cores' lines); else an aarch64 core's "CPU part" (cpu_core names it from MIDR_EL1).
// "unknown" when it has none.
std::string cpu_model(const std::string& cpuinfo);

// The instruction-set family /proc/cpuinfo describes: "x86" (vendor_id, flags), "arm" (CPU
// implementer, Features), or "" when it says neither.
std::string cpuinfo_family(const std::string& cpuinfo);

// The family this binary was compiled for: "x86", "arm", or "" for any other.
std::string compiled_family();

struct Emulation {
  bool emulated = false;
  std::string how;  // why we think so, for the result file; "" when not emulated
};

// Code for one family running on a kernel that describes the other is emulated (qemu-user passes
// the host's /proc/cpuinfo through). `override_value` (IMGBENCH_EMULATED) settles it when set:
// "0", "false" or "no" for no, anything else for yes, e.g. for an emulator that fakes
// /proc/cpuinfo.
Emulation detect_emulation(const std::string& cpuinfo, const std::string& compiled,
                           const char* override_value);

// The same for this process: /proc/cpuinfo, this binary and $IMGBENCH_EMULATED.
Emulation this_process_emulation();

// An Arm core named from its MIDR_EL1 value, e.g. "Cortex-A72 (MIDR 0x410fd083)"; the raw value
// for cores not in the table (qemu's "max" CPU among them).
std::string arm_core_name(std::uint64_t midr);

// This CPU's MIDR_EL1 on aarch64 (Linux and qemu-user emulate the read); nothing elsewhere.
std::optional<std::uint64_t> arm_midr();

}  // namespace imgbench::bench
