// What a result file says about the machine: Arm cores by name, runs under emulation marked,
// SIMD levels named as charts label them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "bench/machine.hpp"

#ifdef IMGBENCH_HAVE_KERNELS
#include "kernels/simd_level.hpp"
#endif

namespace imgbench::bench {
namespace {

const char* const kX86Cpuinfo =
    "processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\nflags\t\t: fpu sse\n";
const char* const kArmCpuinfo =
    "processor\t: 0\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\n"
    "CPU implementer\t: 0x41\nCPU part\t: 0xd08\n\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n";

TEST(Machine, CpuinfoTellsX86FromArm) {
  EXPECT_EQ(cpuinfo_family(kX86Cpuinfo), "x86");
  EXPECT_EQ(cpuinfo_family(kArmCpuinfo), "arm");
  EXPECT_EQ(cpuinfo_family("processor : 0\n"), "");
}

TEST(Machine, TheModelIsTheX86NameOrThePiBoard) {
  EXPECT_EQ(cpu_model(kX86Cpuinfo), "AMD EPYC 9R14");
  // The Pi's "Model" line comes after "CPU part", and wins over it.
  EXPECT_EQ(cpu_model(kArmCpuinfo), "Raspberry Pi 4 Model B Rev 1.4");
  EXPECT_EQ(cpu_model("processor\t: 0\nCPU part\t: 0xd0c\n"), "0xd0c");
  EXPECT_EQ(cpu_model(""), "unknown");
}

TEST(Machine, ArmCodeOnAnX86KernelIsEmulated) {
  const Emulation emulated = detect_emulation(kX86Cpuinfo, "arm", nullptr);
  EXPECT_TRUE(emulated.emulated);
  EXPECT_NE(emulated.how.find("qemu"), std::string::npos) << emulated.how;
  EXPECT_FALSE(detect_emulation(kArmCpuinfo, "arm", nullptr).emulated);
  EXPECT_FALSE(detect_emulation(kX86Cpuinfo, "x86", nullptr).emulated);
  EXPECT_FALSE(detect_emulation("", "arm", nullptr).emulated);  // nothing to go by
}

TEST(Machine, TheEnvironmentSettlesIt) {
  for (const char* no : {"0", "false", "no"}) {
    EXPECT_FALSE(detect_emulation(kX86Cpuinfo, "arm", no).emulated) << no;
  }
  const Emulation told = detect_emulation(kArmCpuinfo, "arm", "qemu-system");
  EXPECT_TRUE(told.emulated);
  EXPECT_EQ(told.how, "IMGBENCH_EMULATED=qemu-system");
  EXPECT_TRUE(detect_emulation(kX86Cpuinfo, "arm", "").emulated);  // empty: detect as usual
}

// A cross build's tests run under the emulator (which they pass on as IMGBENCH_LAUNCHER); a
// native build's do not. An emulator that fakes /proc/cpuinfo would fail the first case here.
TEST(Machine, ThisProcessKnowsWhetherItIsEmulated) {
  if (std::getenv("IMGBENCH_EMULATED")) GTEST_SKIP() << "IMGBENCH_EMULATED decides here";
  const Emulation emulation = this_process_emulation();
  if (std::getenv("IMGBENCH_LAUNCHER")) {
    EXPECT_TRUE(emulation.emulated);
    EXPECT_NE(emulation.how.find("qemu"), std::string::npos) << emulation.how;
  } else {
    EXPECT_FALSE(emulation.emulated) << emulation.how;
  }
}

TEST(Machine, ArmCoresAreNamedFromTheirMidr) {
  EXPECT_EQ(arm_core_name(0x410fd083), "Cortex-A72 (MIDR 0x410fd083)");    // Raspberry Pi 4
  EXPECT_EQ(arm_core_name(0x414fd0b1), "Cortex-A76 (MIDR 0x414fd0b1)");    // Raspberry Pi 5
  EXPECT_EQ(arm_core_name(0x000f0510), "unknown core (MIDR 0x000f0510)");  // qemu's "max"
#if defined(__aarch64__)
  ASSERT_TRUE(arm_midr().has_value());
#else
  EXPECT_FALSE(arm_midr().has_value());
#endif
}

#ifdef IMGBENCH_HAVE_KERNELS
TEST(Machine, SimdLevelsAreNamedAsChartsLabelThem) {
  EXPECT_EQ(kernels::simd_target_name("avx3"), "AVX-512");
  EXPECT_EQ(kernels::simd_target_name("avx2"), "AVX2");
  EXPECT_EQ(kernels::simd_target_name("neon"), "NEON");
  EXPECT_EQ(kernels::simd_target_name("sve2"), "SVE2");
  EXPECT_EQ(kernels::simd_target_name("sve_256"), "SVE (256-bit)");
  EXPECT_EQ(kernels::simd_target_name("sve2_128"), "SVE2 (128-bit)");
  EXPECT_EQ(kernels::simd_target_name("avx3_dl"), "AVX-512 VBMI");
  EXPECT_EQ(kernels::simd_target_name("scalar"), "scalar");
  EXPECT_EQ(kernels::simd_target_name("rvv"), "RVV");  // one we have no name for
}
#endif

}  // namespace
}  // namespace imgbench::bench
