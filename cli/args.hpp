#pragma once
// A small command-line parser: --name VALUE options (repeatable or not), --flags, positionals.
// Anything unknown is an Error, so a typo never silently changes what a run does.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "cli/usage.hpp"
#include "core/error.hpp"

namespace imgbench::cli {

// A command line that does not parse: an unknown option, a missing or malformed value. The CLI
// prints it with a pointer to the command's --help.
class UsageError : public Error {
 public:
  using Error::Error;
};

class Args {
 public:
  // `with_value`: options taking a value; `flags`: options without one.
  Args(int argc, char** argv, int first, const std::set<std::string>& with_value,
       const std::set<std::string>& flags);
  // The options `command` declares, from argv[2] on (argv[1] is the command).
  Args(int argc, char** argv, const CommandSpec& command);

  bool flag(const std::string& name) const { return flags_.contains(name); }
  const std::vector<std::string>& values(const std::string& name) const;
  std::string value(const std::string& name, const std::string& fallback) const;  // last given
  int integer(const std::string& name, int fallback, int min, int max) const;
  std::vector<int> integers(const std::string& name, int min, int max) const;  // every value given
  double real(const std::string& name, double fallback, double min, double max) const;
  const std::vector<std::string>& positionals() const { return positionals_; }

 private:
  std::map<std::string, std::vector<std::string>> values_;
  std::set<std::string> flags_;
  std::vector<std::string> positionals_;
};

// Options every command takes, removed from argv (argc updated) before the command parses the
// rest: --max-pixels N, the largest image any decoder or operation may produce (default 256 Mpx;
// see core/limits.hpp), applied here so that it holds before any adapter is created.
void take_global_options(int& argc, char** argv);

// The adapter settings every command takes: --threads N (library threads) and --simd LEVEL.
AdapterConfig adapter_config(const Args& args);

}  // namespace imgbench::cli
