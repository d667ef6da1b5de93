#pragma once
// Each imgbench command's options, declared once: the parser accepts exactly these (Args), and
// `imgbench COMMAND --help` prints them. The docs test reads that help (tests/system/test_docs.py).
#include <string>
#include <string_view>
#include <vector>

namespace imgbench::cli {

struct OptionSpec {
  std::string_view name;   // without the leading "--"
  std::string_view value;  // its placeholder, e.g. "N" or "FILE"; empty for a flag
  bool repeatable = false;
  std::string_view help;  // one line
};

struct CommandSpec {
  std::string_view name;
  std::string_view operands;  // what follows the options, e.g. "INPUT OUTPUT" or "[FILE...]"
  std::string_view summary;   // one line, for the list of commands
  std::string_view details;   // what it does, for its own help (lines of at most 78 characters)
  std::vector<OptionSpec> options;
};

// Every command, in the order `imgbench --help` lists them.
const std::vector<CommandSpec>& command_specs();

// The spec of `name`; nullptr for an unknown command.
const CommandSpec* find_command(std::string_view name);

// The spec of a command of this binary (std::logic_error for any other name: a programming error).
const CommandSpec& command_spec(std::string_view name);

// `imgbench --help`: the commands, each with its summary, and the options every command takes.
std::string overview_help();

// `imgbench COMMAND --help`: its usage line, its options with their help, what it does.
std::string command_help(const CommandSpec& command);

}  // namespace imgbench::cli
