// imgbench interop: the Pillow pixel-transfer benchmark (ms per conversion, RGB, by size).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "adapters/registry.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "interop.hpp"

namespace imgbench::cli {
namespace {

std::vector<int> parse_sizes(const std::string& text) {
  std::vector<int> sizes;
  std::stringstream stream(text);
  std::string item;
  while (std::getline(stream, item, ',')) {
    char* end = nullptr;
    const long size = std::strtol(item.c_str(), &end, 10);
    if (item.empty() || *end != '\0' || size < 1 || size > 16384) {
      throw Error("interop: --sizes takes sizes in 1..16384 separated by commas, got '" + item +
                  "'");
    }
    sizes.push_back(static_cast<int>(size));
  }
  return sizes;
}

// Median of `repetitions` timed runs (after one untimed warm-up run), in milliseconds.
double median_ms(const std::function<void()>& run, int repetitions) {
  run();
  std::vector<double> times;
  for (int i = 0; i < repetitions; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run();
    times.push_back(
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
            .count());
  }
  std::nth_element(times.begin(), times.begin() + repetitions / 2, times.end());
  return times[repetitions / 2];
}

}  // namespace

int run_interop(int argc, char** argv) {
  const Args args(argc, argv, command_spec("interop"));
  if (!args.positionals().empty())
    throw UsageError("interop: unexpected argument '" + args.positionals()[0] + "'");
  const auto sizes = parse_sizes(args.value("sizes", "256,512,1024,2048,4096,8192"));
  const int repetitions = args.integer("repetitions", 5, 1, 1001);
  if (repetitions % 2 == 0)
    throw Error("interop: --repetitions must be odd (the median of an even count is ambiguous)");
  make_adapter("pillow");  // starts the interpreter, with the usual error if it cannot

  std::vector<std::string> names;
  std::vector<std::vector<double>> ms;  // [method][size]
  for (const int size : sizes) {
    const auto methods = pillow::transfer_methods(size);
    if (names.empty()) {
      for (const auto& method : methods) names.push_back(method.name);
      ms.resize(methods.size());
    }
    for (std::size_t m = 0; m < methods.size(); ++m)
      ms[m].push_back(median_ms(methods[m].run, repetitions));
    std::cerr << "interop: " << size << "x" << size << " done\n";
  }

  std::printf(
      "Moving an RGB PIL image into one contiguous array: ms per conversion (median of %d),\n"
      "and the speed-up over numpy.array(im) in brackets.\n\n%-30s",
      repetitions, "method");
  for (const int size : sizes) std::printf("%18s", (std::to_string(size) + "^2").c_str());
  std::printf("\n");
  for (std::size_t m = 0; m < names.size(); ++m) {
    std::printf("%-30s", names[m].c_str());
    for (std::size_t s = 0; s < sizes.size(); ++s) {
      char cell[32];
      std::snprintf(cell, sizeof cell, "%.3f (%.2fx)", ms[m][s], ms[0][s] / ms[m][s]);
      std::printf("%18s", cell);
    }
    std::printf("\n");
  }
  return 0;
}

}  // namespace imgbench::cli
