// imgbench: verify and benchmark image libraries against one canonical meaning.
#include <cstring>
#include <exception>
#include <iostream>
#include <map>
#include <string>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/screening.hpp"
#include "cli/usage.hpp"
#include "core/error.hpp"

namespace {

using Runner = int (*)(int, char**);

int run_interop_if_built(int argc, char** argv) {
#ifdef IMGBENCH_HAVE_PILLOW
  return imgbench::cli::run_interop(argc, argv);
#else
  (void)argc, (void)argv;
  throw imgbench::Error("interop needs the pillow adapter, which this build does not have");
#endif
}

// Each command of cli/usage.cpp's list and the function that runs it.
Runner runner_of(const std::string& command) {
  using namespace imgbench::cli;
  static const std::map<std::string, Runner> runners = {
      {"list", run_list},     {"apply", run_apply},           {"verify", run_verify},
      {"images", run_images}, {"throughput", run_throughput}, {"bench", run_bench},
      {"sweep", run_sweep},   {"probe", run_probe},           {"interop", run_interop_if_built}};
  const auto it = runners.find(command);
  return it == runners.end() ? nullptr : it->second;
}

bool asks_for_help(int argc, char** argv) {
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--help") == 0 || std::strcmp(argv[i], "-h") == 0) return true;
  }
  return false;
}

int unknown_command(const std::string& command) {
  std::cerr << "imgbench: error: "
            << (command.empty() ? "no command given" : "unknown command '" + command + "'")
            << " (see imgbench --help)\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace imgbench::cli;
  std::string command;
  try {
    take_global_options(argc, argv);  // anywhere on the line, before the command too
    command = argc > 1 ? argv[1] : "";
    if (command == "help" || command == "--help" || command == "-h") {
      if (command != "help" || argc < 3) {
        std::cout << overview_help();
        return 0;
      }
      const CommandSpec* asked = find_command(argv[2]);
      if (asked == nullptr) return unknown_command(argv[2]);
      std::cout << command_help(*asked);
      return 0;
    }
    const Runner run = runner_of(command);
    if (run == nullptr) return unknown_command(command);
    if (asks_for_help(argc, argv)) {
      std::cout << command_help(command_spec(command));
      return 0;
    }
    return run(argc, argv);
  } catch (const UsageError& error) {
    const std::string help =
        find_command(command) ? "imgbench " + command + " --help" : "imgbench --help";
    std::cerr << "imgbench: error: " << error.what() << " (see " << help << ")\n";
    return 2;
  } catch (const imgbench::Error& error) {
    std::cerr << "imgbench: error: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    std::cerr << "imgbench: error: unexpected failure: " << error.what() << "\n";
    return 2;
  }
}
