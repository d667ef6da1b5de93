// imgbench sweep: latency versus throughput of the full cycle, per adapter (see bench/sweep.hpp).
// Closed loop with W = 1 .. N+1 and 2N workers at library threads 1, then one worker with library
// threads N; open loop at 10% .. 100% of the closed loop's best throughput with N+1 workers.
// Every image of the stream is verified through the adapter's cycle first; an adapter that fails
// is recorded with its PSNR and not timed.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "adapters/registry.hpp"
#include "bench/context.hpp"
#include "bench/sweep.hpp"
#include "bench/verified_case.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "images/catalog.hpp"
#include "reference/verdict.hpp"

namespace imgbench::cli {
namespace {

// The stream: the JPEG photos, then the synthetic JPEGs at 4:2:0 up to 2560x1600 (real and
// synthetic content, 0.26 to 4.1 Mpx; the 16.8 Mpx one would be two thirds of all the work).
std::vector<std::string> stream_image_names(const std::string& image_dir) {
  std::vector<std::string> names;
  for (const auto& image : images::list_test_images(image_dir)) {
    const bool synthetic_420 =
        image.name.ends_with("-q95-420") && image.name.find("4096") == std::string::npos;
    if (image.format == ImageFormat::jpeg && (!image.synthetic || synthetic_420)) {
      names.push_back(image.name);
    }
  }
  if (names.empty()) {
    throw Error("sweep: no JPEG test images in " + image_dir + " (run ./scripts/setup)");
  }
  return names;
}

struct Point {
  std::string mode;  // "closed" or "open"
  int workers = 0;
  int library_threads = 1;
  double offered_fraction = 0;  // open loop: of the capacity
  double offered_rate = 0;      // open loop: requests per second
  bench::LatencySummary result;
};

struct AdapterSweep {
  std::string adapter, version, filter;
  std::string failure;  // verification or run failure; empty when timed
  std::vector<Point> points;
};

// The first filter of `filters` the adapter runs the whole cycle with, on every image.
std::optional<Filter> choose_filter(const Adapter& adapter,
                                    const std::vector<bench::CycleSource>& sources,
                                    const std::vector<Filter>& filters) {
  for (const Filter filter : filters) {
    const bool all = std::all_of(sources.begin(), sources.end(), [&](const auto& source) {
      return bench::supports_cycle(adapter, bench::full_cycle(source.shape, filter), source.shape);
    });
    if (all) return filter;
  }
  return std::nullopt;
}

void print_point(const std::string& adapter, const Point& p) {
  std::printf(
      "%-8s %-6s %3d workers %3d lib threads %6s  %8.2f images/s %8.1f Mpx/s  "
      "p50 %8.1f  p90 %8.1f  p99 %8.1f  max %8.1f ms  (%ld)\n",
      adapter.c_str(), p.mode.c_str(), p.workers, p.library_threads,
      p.mode == "open"
          ? (std::to_string(static_cast<int>(p.offered_fraction * 100 + 0.5)) + "%").c_str()
          : "",
      p.result.images_per_second, p.result.mpx_per_second, p.result.p50, p.result.p90, p.result.p99,
      p.result.max, p.result.requests);
  std::fflush(stdout);
}

// `adapter` runs with library threads 1 (`config`); the last point makes another with N.
AdapterSweep sweep_adapter(const Adapter& adapter, const AdapterConfig& config,
                           const std::vector<bench::CycleSource>& sources,
                           const std::vector<Filter>& filters, const std::vector<double>& loads,
                           const bench::SweepLimits& limits) {
  const int cores = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  const std::string name(adapter.name());
  AdapterSweep sweep{name, adapter.version(), "", "", {}};
  const auto filter = choose_filter(adapter, sources, filters);
  if (!filter) {
    sweep.failure = "unsupported: cannot run the full cycle with any of the filters";
    return sweep;
  }
  sweep.filter = to_string(*filter);
  std::vector<bench::StreamImage> stream;
  for (const auto& source : sources) {
    stream.push_back({&source, bench::full_cycle(source.shape, *filter)});
    const bench::Verdict verdict = bench::verify_cycle(adapter, source.jpeg, stream.back().cycle);
    if (!verdict.passed()) {
      sweep.failure = source.name + ": " + verdict.message();
      return sweep;
    }
  }
  try {
    std::vector<int> counts;
    for (int w = 1; w <= cores + 1; ++w) counts.push_back(w);
    if (2 * cores > cores + 1) counts.push_back(2 * cores);
    double capacity = 0;
    for (const int workers : counts) {
      Point point{"closed", workers, 1,
                  0,        0,       bench::run_closed_loop(adapter, stream, workers, limits)};
      capacity = std::max(capacity, point.result.images_per_second);
      print_point(name, point);
      sweep.points.push_back(point);
    }
    if (capacity <= 0) throw Error("no request completed in the closed loop");
    for (const double load : loads) {
      const double rate = load * capacity;
      Point point{"open", cores + 1,
                  1,      load,
                  rate,   bench::run_open_loop(adapter, stream, cores + 1, rate, limits)};
      print_point(name, point);
      sweep.points.push_back(point);
    }
    // Operation-level concurrency: one worker, the library's own threads. Last, because OpenCV's
    // and libvips' thread settings are process-wide: the points above must not inherit it.
    AdapterConfig threaded = config;
    threaded.threads = cores;
    const auto library_threads = make_adapter(name, threaded);
    Point point{"closed", 1, cores,
                0,        0, bench::run_closed_loop(*library_threads, stream, 1, limits)};
    print_point(name, point);
    sweep.points.push_back(point);
  } catch (const std::exception& error) {
    sweep.failure = std::string("failed while timed: ") + error.what();
  }
  return sweep;
}

std::string to_json(const std::vector<AdapterSweep>& sweeps, const bench::RunContext& context,
                    const std::vector<bench::CycleSource>& sources,
                    const bench::SweepLimits& limits) {
  using nlohmann::json;
  using reference::json_number;
  json document = {{"context", json::object()},
                   {"stream", json::array()},
                   {"seconds_per_point", json_number(limits.seconds)},
                   {"min_requests_per_point", limits.min_requests},
                   {"max_requests_per_point", limits.max_requests},
                   {"adapters", json::array()}};
  for (const auto& [key, value] : context) document["context"][key] = value;
  for (const auto& source : sources) document["stream"].push_back(source.name);
  for (const AdapterSweep& s : sweeps) {
    json points = json::array();
    for (const Point& p : s.points) {
      const auto& r = p.result;
      points.push_back({{"mode", p.mode},
                        {"workers", p.workers},
                        {"library_threads", p.library_threads},
                        {"offered_fraction", json_number(p.offered_fraction)},
                        {"offered_rate", json_number(p.offered_rate)},
                        {"requests", r.requests},
                        {"seconds", json_number(r.seconds)},
                        {"images_per_second", json_number(r.images_per_second)},
                        {"mpx_per_second", json_number(r.mpx_per_second)},
                        {"latency_ms",
                         {{"p50", json_number(r.p50)},
                          {"p90", json_number(r.p90)},
                          {"p99", json_number(r.p99)},
                          {"max", json_number(r.max)}}}});
    }
    document["adapters"].push_back(
        {{"adapter", s.adapter},
         {"version", s.version},
         {"filter", s.filter},
         {"failure", s.failure.empty() ? json(nullptr) : json(s.failure)},
         {"points", points}});
  }
  return document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace

int run_sweep(int argc, char** argv) {
  const Args args(argc, argv, command_spec("sweep"));
  if (!args.positionals().empty())
    throw UsageError("sweep: unexpected argument '" + args.positionals()[0] + "'");
  bench::SweepLimits limits;
  limits.seconds = args.real("seconds", 2, 0.01, 3600);
  limits.max_requests = args.integer("requests", 0, 0, 100000000);
  std::vector<Filter> filters;
  for (const auto& f : args.values("filter")) filters.push_back(parse_filter(f));
  if (filters.empty()) filters = {Filter::bicubic, Filter::area};
  std::vector<double> loads;
  for (const auto& text : args.values("load")) {
    const double load = std::stod(text);
    if (!(load > 0 && load <= 2)) throw Error("sweep: --load must be in (0, 2]: " + text);
    loads.push_back(load);
  }
  if (loads.empty()) loads = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0};
  std::vector<std::string> names = args.values("lib");
  if (names.empty()) {
    for (const auto& name : adapter_names()) {
      if (name != "reference") names.push_back(name);
    }
  }
  const AdapterConfig config = adapter_config(args);
  const std::string image_dir = args.value("images", images::default_image_dir());
  const auto sources = bench::load_cycle_sources(image_dir, stream_image_names(image_dir));
  limits.min_requests = static_cast<long>(sources.size());
  if (limits.max_requests > 0 && limits.max_requests < limits.min_requests) {
    throw Error("sweep: --requests must be at least the stream's " +
                std::to_string(sources.size()) + " images");
  }

  std::vector<AdapterSweep> sweeps;
  std::vector<std::shared_ptr<const Adapter>> adapters;
  for (const auto& name : names) {
    adapters.push_back(make_adapter(name, config));
    sweeps.push_back(sweep_adapter(*adapters.back(), config, sources, filters, loads, limits));
    if (!sweeps.back().failure.empty()) {
      std::printf("%-8s not timed: %s\n", name.c_str(), sweeps.back().failure.c_str());
    }
  }
  const std::string json = to_json(sweeps, bench::run_context(adapters, config), sources, limits);
  if (const std::string path = args.value("json", ""); !path.empty()) {
    write_file_atomic(path,
                      std::span(reinterpret_cast<const std::uint8_t*>(json.data()), json.size()));
  } else {
    std::cout << json;
  }
  // A verification failure is a finding the run reports (exit 1); "unsupported" is not.
  const bool failed = std::any_of(sweeps.begin(), sweeps.end(), [](const AdapterSweep& s) {
    return !s.failure.empty() && !s.failure.starts_with("unsupported");
  });
  return failed ? 1 : 0;
}

}  // namespace imgbench::cli
