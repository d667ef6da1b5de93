#pragma once
// Runs a command in a child process with a time limit, reading what it prints: how a run reads
// untrusted files without letting one of them crash or hang it.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace imgbench {

struct ChildOutcome {
  bool timed_out = false;  // killed (SIGKILL) for going `limit` without printing a line
  int exit_status = -1;    // when it exited
  int signal = 0;          // when a signal ended it (SIGKILL after a time-out included)
  std::string output;      // everything it wrote to stdout

  bool exited_normally() const { return !timed_out && signal == 0; }
  std::string describe() const;  // "exit 2", "killed by SIGSEGV", "no progress within 5 s"
};

// Starts `argv` (argv[0] a path, or a name looked up in PATH) with stdout piped back and stdin from
// /dev/null. `on_line` sees each complete line as it arrives. The child has `startup` to print its
// first line, then `limit` after each line for the next: a child reporting one case per line has
// `limit` per case. Error if the child cannot be started (under qemu-user, a name not found in
// PATH is exit status 127 instead: only paths are checked before spawning).
ChildOutcome run_child(const std::vector<std::string>& argv, std::chrono::duration<double> startup,
                       std::chrono::duration<double> limit,
                       const std::function<void(const std::string&)>& on_line = {});

// The command that starts a child of the same build: the running executable (/proc/self/exe),
// after the words of IMGBENCH_LAUNCHER when that is set. The launcher is an emulator: a
// cross-built imgbench running under qemu-user cannot execute itself directly (its tests set
// IMGBENCH_LAUNCHER=qemu-aarch64).
std::vector<std::string> own_command();

}  // namespace imgbench
