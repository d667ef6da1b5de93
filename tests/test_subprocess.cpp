// The child-process runner behind the screening of --input files, and the global options.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>

#include "cli/args.hpp"
#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/subprocess.hpp"

namespace imgbench {
namespace {

using std::chrono::duration;

ChildOutcome shell(const std::string& script, double startup, double limit,
                   std::vector<std::string>* lines = nullptr) {
  return run_child({"/bin/sh", "-c", script}, duration<double>(startup), duration<double>(limit),
                   [&](const std::string& line) {
                     if (lines) lines->push_back(line);
                   });
}

TEST(Subprocess, HandsOverEachLineAndTheExitStatus) {
  std::vector<std::string> lines;
  const ChildOutcome child = shell("echo one; echo two; printf three; exit 3", 5, 5, &lines);
  EXPECT_EQ(lines, (std::vector<std::string>{"one", "two"}));  // "three" never ended its line
  EXPECT_EQ(child.output, "one\ntwo\nthree");
  EXPECT_TRUE(child.exited_normally());
  EXPECT_EQ(child.exit_status, 3);
}

TEST(Subprocess, AChildThatStopsPrintingIsKilledAfterTheLimit) {
  std::vector<std::string> lines;
  const auto started = std::chrono::steady_clock::now();
  const ChildOutcome child = shell("echo ready; sleep 30", 5, 0.2, &lines);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  EXPECT_TRUE(child.timed_out);
  EXPECT_EQ(child.signal, SIGKILL);
  EXPECT_EQ(lines, std::vector<std::string>{"ready"});
}

TEST(Subprocess, TheLimitStartsAgainAfterEachLine) {
  // Four steps of 0.15 s each take 0.6 s in all, longer than the 0.4 s allowed per line.
  const ChildOutcome child = shell("for i in 1 2 3 4; do sleep 0.15; echo $i; done", 5, 0.4);
  EXPECT_TRUE(child.exited_normally()) << child.describe();
  EXPECT_EQ(child.output, "1\n2\n3\n4\n");
}

TEST(Subprocess, StartUpHasItsOwnLimit) {
  EXPECT_TRUE(shell("sleep 0.3; echo ready", 5, 0.1).exited_normally());
  EXPECT_TRUE(shell("sleep 30; echo ready", 0.2, 5).timed_out);
}

TEST(Subprocess, ACrashIsReportedWithItsSignal) {
  const ChildOutcome child = shell("echo 1; kill -SEGV $$", 5, 5);
  EXPECT_FALSE(child.exited_normally());
  EXPECT_FALSE(child.timed_out);
  EXPECT_EQ(child.signal, SIGSEGV);
  EXPECT_NE(child.describe().find("SEGV"), std::string::npos) << child.describe();
}

TEST(Subprocess, AMissingProgramIsAnError) {
  EXPECT_THROW(run_child({"/nonexistent/program"}, duration<double>(1), duration<double>(1)),
               Error);
}

TEST(Subprocess, ProgramsAreLookedUpInThePath) {
  const ChildOutcome child =
      run_child({"sh", "-c", "echo found"}, duration<double>(5), duration<double>(5));
  EXPECT_EQ(child.output, "found\n");
}

// The words of IMGBENCH_LAUNCHER come first (under emulation, the emulator), then this program.
TEST(Subprocess, OwnCommandStartsWithTheLauncher) {
  const char* saved = std::getenv("IMGBENCH_LAUNCHER");
  const std::string restore = saved ? saved : "";
  ::setenv("IMGBENCH_LAUNCHER", "  emulator  -flag ", 1);
  const auto command = own_command();
  ASSERT_EQ(command.size(), 3u);
  EXPECT_EQ(command[0], "emulator");
  EXPECT_EQ(command[1], "-flag");
  EXPECT_NE(command[2].find("imgbench_tests"), std::string::npos) << command[2];
  ::unsetenv("IMGBENCH_LAUNCHER");
  EXPECT_EQ(own_command(), std::vector<std::string>{command[2]});
  if (saved) ::setenv("IMGBENCH_LAUNCHER", restore.c_str(), 1);
}

TEST(GlobalOptions, MaxPixelsIsTakenOutOfTheArguments) {
  const std::uint64_t before = max_pixels();
  std::string a0 = "imgbench", a1 = "apply", a2 = "--max-pixels", a3 = "1000", a4 = "in.png",
              a5 = "--max-pixels=2000";
  std::vector<char*> argv = {a0.data(), a1.data(), a2.data(), a3.data(), a4.data(), a5.data()};
  int argc = static_cast<int>(argv.size());
  cli::take_global_options(argc, argv.data());
  EXPECT_EQ(argc, 3);
  EXPECT_EQ(std::string(argv[2]), "in.png");
  EXPECT_EQ(max_pixels(), 2000u);  // the last one given
  for (const char* bad : {"0", "-5", "12x", ""}) {
    std::string option = std::string("--max-pixels=") + bad;
    std::vector<char*> wrong = {a0.data(), option.data()};
    int count = 2;
    EXPECT_THROW(cli::take_global_options(count, wrong.data()), Error) << bad;
  }
  set_max_pixels(before);
}

}  // namespace
}  // namespace imgbench
