// imgbench throughput: the full cycle in W worker threads (the sweep's closed loop on one image),
// after verifying the cycle on that image. Worker counts are interleaved round by round, so that
// a noisy machine affects them alike; the median round is reported.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "adapters/registry.hpp"
#include "bench/sweep.hpp"
#include "bench/verified_case.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "images/catalog.hpp"

namespace imgbench::cli {

int run_throughput(int argc, char** argv) {
  const Args args(argc, argv, command_spec("throughput"));
  if (!args.positionals().empty())
    throw UsageError("throughput: unexpected argument '" + args.positionals()[0] + "'");
  if (args.values("lib").empty()) throw UsageError("throughput: --lib NAME is required");
  std::vector<int> workers = args.integers("workers", 1, 256);
  if (workers.empty()) workers = {1, 2};
  const double seconds = args.real("seconds", 5, 0.001, 3600);
  const int rounds = args.integer("rounds", 3, 1, 99);
  if (rounds % 2 == 0)
    throw Error("throughput: --rounds must be odd (the median of an even count is ambiguous)");
  const Filter filter = parse_filter(args.value("filter", "bicubic"));
  const auto adapter = make_adapter(args.value("lib", ""), adapter_config(args));
  const auto sources = bench::load_cycle_sources(args.value("images", images::default_image_dir()),
                                                 {args.value("image", "photo-path")});
  const bench::CycleSource& image = sources.front();
  const Shape& shape = image.shape;
  const bench::StreamImage stream[] = {{&image, bench::full_cycle(shape, filter)}};
  if (!bench::supports_cycle(*adapter, stream[0].cycle, shape)) {
    throw Unsupported(std::string(adapter->name()) + " cannot run the full cycle with " +
                      std::string(to_string(filter)) + " on a " + std::to_string(shape.width) +
                      "x" + std::to_string(shape.height) + " image");
  }
  if (const auto verdict = bench::verify_cycle(*adapter, image.jpeg, stream[0].cycle);
      !verdict.passed()) {
    std::cout << "throughput: " << adapter->name() << " fails verification on " << image.name
              << "; not timed: " << verdict.message() << "\n";
    return 1;
  }

  std::printf(
      "%s %s, full cycle (resize %s) on %s %dx%d, library threads %d, %u hardware threads\n",
      std::string(adapter->name()).c_str(), adapter->version().c_str(),
      std::string(to_string(filter)).c_str(), image.name.c_str(), shape.width, shape.height,
      args.integer("threads", 1, 1, 1024), std::thread::hardware_concurrency());
  std::map<int, std::vector<double>> rates;  // workers -> images/s per round
  for (int round = 0; round < rounds; ++round) {
    for (const int count : workers) {
      const auto result = bench::run_closed_loop(*adapter, stream, count, {seconds, 0, 0});
      rates[count].push_back(result.images_per_second);
      std::printf("  round %d: %3d worker(s): %7.2f images/s (%ld images in %.2f s)\n", round + 1,
                  count, result.images_per_second, result.requests, result.seconds);
    }
  }
  const double megapixels = shape.width * static_cast<double>(shape.height) / 1e6;
  auto median = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  const double base = median(rates[workers.front()]);
  const std::string versus = "vs " + std::to_string(workers.front()) + " worker(s)";
  std::printf("\n%8s %12s %12s %16s\n", "workers", "images/s", "Mpx/s", versus.c_str());
  for (const int count : workers) {
    const double rate = median(rates[count]);
    std::printf("%8d %12.2f %12.1f %15.2fx\n", count, rate, rate * megapixels, rate / base);
  }
  std::printf("(medians of %d interleaved rounds of %.1f s; Mpx/s counts source pixels)\n", rounds,
              seconds);
  return 0;
}

}  // namespace imgbench::cli
