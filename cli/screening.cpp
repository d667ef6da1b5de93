#include "cli/screening.hpp"

#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string_view>

#include "adapters/registry.hpp"
#include "cli/args.hpp"
#include "cli/input_files.hpp"
#include "core/limits.hpp"
#include "core/subprocess.hpp"

namespace imgbench::cli {
namespace {

// The child's first line, once its adapters exist: the time limit is for decoding, and starting
// a library (an embedded Python for Pillow) is not part of it. Then one line per decode, which
// a library's own output on stdout may precede on the same line: the marker finds it.
constexpr std::string_view kReady = "@probe ready";
constexpr std::string_view kDone = "@probe done ";
constexpr std::chrono::seconds kStartup{120};

// The pair index a progress line reports, if it is one.
std::optional<std::size_t> finished_pair(const std::string& line) {
  const std::size_t at = line.rfind(kDone);
  if (at == std::string::npos) return std::nullopt;
  std::size_t pair = 0;
  const char* first = line.data() + at + kDone.size();
  const auto [end, error] = std::from_chars(first, line.data() + line.size(), pair);
  if (error != std::errc() || end == first) return std::nullopt;
  return pair;
}

std::vector<std::string> with_reference_first(const std::vector<std::string>& adapters) {
  std::vector<std::string> all = {"reference"};
  for (const auto& name : adapters) {
    if (name != "reference") all.push_back(name);
  }
  return all;
}

std::vector<std::string> probe_command(const std::vector<std::string>& paths,
                                       const std::vector<std::string>& adapters,
                                       const AdapterConfig& config, std::size_t skip) {
  std::vector<std::string> argv = own_command();
  argv.insert(argv.end(), {"probe", "--max-pixels", std::to_string(max_pixels()), "--skip",
                           std::to_string(skip)});
  if (!config.simd.empty()) argv.insert(argv.end(), {"--simd", config.simd});
  for (const auto& name : adapters) argv.insert(argv.end(), {"--lib", name});
  argv.insert(argv.end(), paths.begin(), paths.end());
  return argv;
}

std::string why(const ChildOutcome& child, std::chrono::duration<double> limit) {
  if (child.timed_out) {
    char seconds[32];
    std::snprintf(seconds, sizeof seconds, "%g", limit.count());
    return "decoding it took longer than the time limit of " + std::string(seconds) + " s";
  }
  return "decoding it crashed the decoder (" + child.describe() + ")";
}

}  // namespace

Quarantine screen_inputs(const std::vector<std::string>& paths,
                         const std::vector<std::string>& adapters, const AdapterConfig& config,
                         std::chrono::duration<double> limit) {
  const auto names = with_reference_first(adapters);
  const std::size_t total = paths.size() * names.size();
  Quarantine quarantine;
  std::size_t done = 0;  // pairs the children have finished, in (file, adapter) order
  while (done < total) {
    bool ready = false;
    const ChildOutcome child = run_child(probe_command(paths, names, config, done), kStartup, limit,
                                         [&](const std::string& line) {
                                           ready = ready || line.find(kReady) != std::string::npos;
                                           if (const auto pair = finished_pair(line))
                                             done = *pair + 1;
                                         });
    if (done == total) break;
    // Not the file's doing: the child refused its arguments, or could not start a library.
    if (!ready || child.exited_normally()) {
      throw Error("probe: " + child.describe() + (ready ? "" : " before it was ready") + " after " +
                  std::to_string(done) + " of " + std::to_string(total) + " decodes");
    }
    const std::string& path = paths[done / names.size()];
    const std::string& adapter = names[done % names.size()];
    quarantine.causes[{path, adapter}] = path + ": " + why(child, limit);
    std::cerr << "imgbench: " << adapter << ": " << path << ": " << why(child, limit)
              << "; recorded as a failure\n";
    ++done;
  }
  return quarantine;
}

int run_probe(int argc, char** argv) {
  const Args args(argc, argv, command_spec("probe"));
  const AdapterConfig config = adapter_config(args);
  const auto skip = static_cast<std::size_t>(args.integer("skip", 0, 0, 1 << 30));
  const auto& paths = args.positionals();
  std::vector<std::shared_ptr<const Adapter>> adapters;
  for (const auto& name : args.values("lib")) adapters.push_back(make_adapter(name, config));
  for (const auto& adapter : adapters) adapter->version();  // starts the library
  std::cout << kReady << std::endl;  // flushed, as every line: the parent reads them as they come
  std::size_t pair = 0;
  for (const auto& path : paths) {
    for (const auto& adapter : adapters) {
      if (pair++ < skip) continue;
      std::string status = "ok";
      try {
        std::string note;
        decode_input(*adapter, path, note);
      } catch (const Error&) {
        status = "error";  // the run will meet it again in-process and record its message
      }
      std::cout << kDone << pair - 1 << " " << adapter->name() << " " << status << std::endl;
    }
  }
  return 0;
}

}  // namespace imgbench::cli
