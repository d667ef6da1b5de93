#include "core/subprocess.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>

#include "core/error.hpp"

extern char** environ;

namespace imgbench {
namespace {

using Clock = std::chrono::steady_clock;

// The pipe's two ends, closed when the scope ends unless handed on.
struct Pipe {
  int ends[2] = {-1, -1};
  Pipe() {
    if (::pipe2(ends, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (int fd : ends) {
      if (fd >= 0) ::close(fd);
    }
  }
  void close_end(int which) {
    ::close(ends[which]);
    ends[which] = -1;
  }
};

pid_t spawn(const std::vector<std::string>& argv, int stdout_fd) {
  // posix_spawn reports a program that cannot run, except under qemu-user, which emulates its
  // vfork as a fork: the child's exit status 127 is all that is left. Checked first, then.
  if (argv[0].find('/') != std::string::npos && ::access(argv[0].c_str(), X_OK) != 0) {
    throw Error(argv[0] + ": cannot start: " + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stdout_fd, STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  std::vector<char*> args;
  for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int failed = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (failed != 0) throw Error(argv[0] + ": cannot start: " + std::strerror(failed));
  return pid;
}

// Hands every complete line in `pending` to `on_line`, keeping the incomplete rest; true if there
// was one.
bool take_lines(std::string& pending, const std::function<void(const std::string&)>& on_line,
                Clock::time_point& last_line) {
  bool any = false;
  for (std::size_t end; (end = pending.find('\n')) != std::string::npos; any = true) {
    if (on_line) on_line(pending.substr(0, end));
    pending.erase(0, end + 1);
    last_line = Clock::now();
  }
  return any;
}

}  // namespace

std::string ChildOutcome::describe() const {
  if (timed_out) return "no progress within the time limit (killed)";
  if (signal != 0)
    return std::string("killed by signal ") + std::to_string(signal) + " (" + sigabbrev_np(signal) +
           ")";
  return "exit " + std::to_string(exit_status);
}

ChildOutcome run_child(const std::vector<std::string>& argv, std::chrono::duration<double> startup,
                       std::chrono::duration<double> limit,
                       const std::function<void(const std::string&)>& on_line) {
  Pipe pipe;
  const pid_t pid = spawn(argv, pipe.ends[1]);
  pipe.close_end(1);
  ChildOutcome outcome;
  std::string pending;
  auto last_line = Clock::now();
  const auto per_line = std::chrono::duration_cast<Clock::duration>(limit);
  auto allowed = std::chrono::duration_cast<Clock::duration>(startup);
  for (;;) {
    const auto left = allowed - (Clock::now() - last_line);
    if (left <= Clock::duration::zero()) {
      ::kill(pid, SIGKILL);
      outcome.timed_out = true;
      break;
    }
    pollfd wait_for{pipe.ends[0], POLLIN, 0};
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(left).count();
    const int ready = ::poll(&wait_for, 1, static_cast<int>(std::min<long long>(ms, 1000)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      // Not the child's doing: it must not end as a time-out blamed on the file.
      const int error = errno;
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
      throw Error(std::string("poll: ") + std::strerror(error));
    }
    if (ready == 0) continue;
    char buffer[4096];
    const ssize_t got = ::read(pipe.ends[0], buffer, sizeof buffer);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) break;  // end of output: the child is exiting
    outcome.output.append(buffer, static_cast<std::size_t>(got));
    pending.append(buffer, static_cast<std::size_t>(got));
    if (take_lines(pending, on_line, last_line)) allowed = per_line;
  }
  // A child that closed its output may still hang: the same limit applies to its exit.
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, outcome.timed_out ? 0 : WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (done == 0 && Clock::now() - last_line > allowed) {
      ::kill(pid, SIGKILL);
      outcome.timed_out = true;
    } else if (done == 0) {
      ::usleep(1000);
    }
  }
  if (WIFEXITED(status)) outcome.exit_status = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  return outcome;
}

std::vector<std::string> own_command() {
  std::vector<std::string> command;
  if (const char* launcher = std::getenv("IMGBENCH_LAUNCHER")) {
    std::istringstream words(launcher);
    for (std::string word; words >> word;) command.push_back(word);
  }
  command.push_back(std::filesystem::read_symlink("/proc/self/exe").string());
  return command;
}

}  // namespace imgbench
