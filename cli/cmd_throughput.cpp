// imgbench throughput: the full cycle in W worker threads, after verifying every step on the
// same image. Worker counts are interleaved round by round, so that a noisy machine affects them
// alike; the median round is reported.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <thread>

#include "adapters/registry.hpp"
#include "bench/throughput.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "reference/codec.hpp"
#include "verify/report.hpp"

namespace imgbench::cli {
namespace {

images::TestImage find_jpeg(const std::string& dir, const std::string& name) {
  for (const auto& image : images::list_test_images(dir)) {
    if (image.name == name) {
      if (image.format != ImageFormat::jpeg) throw Error("throughput: " + name + " is not a JPEG");
      return image;
    }
  }
  throw Error("throughput: no test image named '" + name + "' in " + dir +
              " (run ./scripts/setup, or pass --image)");
}

// Verifies every step of the cycle on this image; returns what did not PASS, one line each. A
// step the matrix does not check on this image (a synthetic JPEG is checked for decoding only)
// counts as not verified.
std::vector<std::string> verify_cycle(const Adapter& adapter, const images::TestImage& image,
                                      Filter filter) {
  const std::vector<std::string> steps = {
      "decode", "rotate90", "resize:scale=2.5,filter=" + std::string(to_string(filter)),
      "blur:sigma=4", "encode:quality=85"};
  std::vector<std::string> failures;
  const auto outcomes = verify::verify_images({&adapter}, {image}, {steps, false}).outcomes;
  for (const auto& step : steps) {
    const auto outcome =
        std::find_if(outcomes.begin(), outcomes.end(),
                     [&](const verify::Outcome& o) { return o.operation == step; });
    if (outcome == outcomes.end()) {
      failures.push_back(step + ": not verified on this image (use a photo or a PNG)");
    } else if (outcome->status != verify::Status::pass) {
      failures.push_back(step + ": " + std::string(verify::to_string(outcome->status)) + ", PSNR " +
                         verify::format_psnr(outcome->comparison.psnr) +
                         (outcome->detail.empty() ? "" : " (" + outcome->detail + ")"));
    }
  }
  return failures;
}

}  // namespace

int run_throughput(int argc, char** argv) {
  const Args args(
      argc, argv, 2,
      {"lib", "workers", "seconds", "rounds", "image", "filter", "threads", "simd", "images"}, {});
  if (!args.positionals().empty())
    throw Error("throughput: unexpected argument '" + args.positionals()[0] + "'");
  if (args.values("lib").empty()) throw Error("throughput: --lib NAME is required");
  std::vector<int> workers = args.integers("workers", 1, 256);
  if (workers.empty()) workers = {1, 2};
  const double seconds = args.real("seconds", 5, 0.001, 3600);
  const int rounds = args.integer("rounds", 3, 1, 99);
  if (rounds % 2 == 0)
    throw Error("throughput: --rounds must be odd (the median of an even count is ambiguous)");
  const Filter filter = parse_filter(args.value("filter", "bicubic"));
  const auto adapter = make_adapter(args.value("lib", ""), adapter_config(args));
  const auto image = find_jpeg(args.value("images", images::default_image_dir()),
                               args.value("image", "photo-path"));

  const Bytes jpeg = read_file(image.path);
  const Shape shape = reference::probe_shape(jpeg, image.path);  // the header is enough
  const bench::FullCycle cycle = bench::full_cycle(shape, filter);
  for (const Operation& op : bench::operations_of(cycle)) {
    const Support support = adapter->supports(op, shape);
    if (!support.supported) {
      throw Unsupported(std::string(adapter->name()) +
                        " cannot run the full cycle: " + to_string(op) + ": " + support.reason);
    }
  }
  if (const auto failures = verify_cycle(*adapter, image, filter); !failures.empty()) {
    std::cout << "throughput: " << adapter->name() << " fails verification on " << image.name
              << "; not timed:\n";
    for (const auto& failure : failures) std::cout << "  " << failure << "\n";
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
      const auto result = bench::measure_throughput(*adapter, jpeg, cycle, count, seconds);
      rates[count].push_back(result.images_per_second());
      std::printf("  round %d: %3d worker(s): %7.2f images/s (%ld images in %.2f s)\n", round + 1,
                  count, result.images_per_second(), result.images, result.seconds);
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
