#include "bench/crop_batches.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <thread>

#include "bench/registration.hpp"
#include "bench/verified_case.hpp"
#include "core/crop_batch.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::bench {
namespace {

constexpr int kBatchSize = 32;
constexpr int kWindow = 128;
constexpr double kMaxScale = 3;
constexpr std::uint64_t kSeed = 2018;

// One request: decode, crop, resize; returns the library's image.
NativePtr run_request(const Adapter& adapter, const CropSource& source,
                      const std::vector<Transform>& steps) {
  NativePtr image = adapter.decode(source.bytes);
  for (const Transform& step : steps) image = adapter.apply(*image, step);
  return image;
}

struct PlannedBatch {
  std::vector<std::vector<Transform>> steps;  // per request
};

PlannedBatch plan_batch(const CropSource& source, Filter filter) {
  const CropBatch batch = make_crop_batch(1, kBatchSize, kWindow, kMaxScale, filter, kSeed);
  PlannedBatch planned;
  for (const CropRequest& request : batch.requests) {
    planned.steps.push_back(crop_request_steps(source.shape, request, kWindow, filter));
  }
  return planned;
}

bool supports_batch(const Adapter& adapter, const CropSource& source, const PlannedBatch& batch) {
  const ImageFormat format = reference::detect_format(source.bytes).value_or(ImageFormat::ppm);
  if (!adapter.supports(Decode{format}, source.shape).supported) return false;
  for (const auto& steps : batch.steps) {
    Shape shape = source.shape;
    for (const Transform& step : steps) {
      if (!adapter.supports(to_operation(step), shape).supported) return false;
      shape = output_shape(step, shape);
    }
  }
  return true;
}

// Every request against the reference: decode, crop (exact), resize (the resize tolerance).
Verdict verify_batch(const Adapter& adapter, const CropSource& source, const PlannedBatch& batch) {
  Verdict worst;
  worst.passed = true;
  worst.comparison.psnr = std::numeric_limits<double>::infinity();
  try {
    const Image decoded = reference::decode_image(source.bytes, source.name);
    const std::string_view kinds[] = {"decode", "crop", "resize"};
    const reference::Tolerance tolerance = reference::tolerance_for_sequence(kinds);
    for (const auto& steps : batch.steps) {
      Image expected = decoded;
      for (const Transform& step : steps) expected = reference::apply(expected, step);
      const Image actual = adapter.export_image(*run_request(adapter, source, steps));
      const reference::Comparison comparison = reference::compare(expected, actual);
      if (!tolerance.passes(comparison)) {
        char text[200];
        std::snprintf(text, sizeof text,
                      "verification failed on a crop: PSNR %.2f dB, max diff %d (tolerance: "
                      ">= %.2f dB)",
                      comparison.psnr, comparison.max_diff, tolerance.min_psnr);
        return {false, comparison, text};
      }
      if (comparison.psnr < worst.comparison.psnr) worst.comparison = comparison;
    }
  } catch (const std::exception& error) {
    return {false, {}, std::string("verification failed: ") + error.what()};
  }
  return worst;
}

// The batch's requests spread over `workers` threads (1: this thread), each taking the next
// request until none is left.
void run_batch(const Adapter& adapter, const CropSource& source, const PlannedBatch& batch,
               int workers) {
  if (workers == 1) {
    for (const auto& steps : batch.steps)
      benchmark::DoNotOptimize(run_request(adapter, source, steps));
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::atomic_flag failed = ATOMIC_FLAG_INIT;
  {
    std::vector<std::jthread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&] {
        try {
          for (std::size_t i = next++; i < batch.steps.size(); i = next++) {
            benchmark::DoNotOptimize(run_request(adapter, source, batch.steps[i]));
          }
        } catch (...) {
          if (!failed.test_and_set()) failure = std::current_exception();
        }
      });
    }
  }
  if (failure) std::rethrow_exception(failure);
}

void run_batch_case(benchmark::State& state, const std::string& key, const Adapter& adapter,
                    const CropSource& source, const PlannedBatch& batch, int workers) {
  static std::map<std::string, Verdict> verdicts;  // by adapter, source and filter
  auto found = verdicts.find(key);
  if (found == verdicts.end()) {
    found = verdicts.emplace(key, verify_batch(adapter, source, batch)).first;
    if (!found->second.passed) count_failed_verification();
  }
  if (!found->second.passed) {
    state.SkipWithError(found->second.message.c_str());
    return;
  }
  try {
    for (auto _ : state) run_batch(adapter, source, batch, workers);
  } catch (const std::exception& error) {
    state.SkipWithError((std::string("failed while timed: ") + error.what()).c_str());
    return;
  }
  const double requests = static_cast<double>(batch.steps.size());
  state.counters["crops/s"] =
      benchmark::Counter(requests, benchmark::Counter::kIsIterationInvariantRate);
  // Mpx/s of the decoded sources, pillow-perf's convention.
  state.counters["Mpx/s"] =
      benchmark::Counter(requests * source.shape.width * source.shape.height / 1e6,
                         benchmark::Counter::kIsIterationInvariantRate);
  // The lowest PSNR of the batch's crops against the reference (none when all are exact: JSON has
  // no infinity).
  if (std::isfinite(found->second.comparison.psnr)) {
    state.counters["worst_psnr"] = found->second.comparison.psnr;
  }
}

}  // namespace

std::vector<CropSource> make_crop_sources(int side, bool colour, bool grey) {
  std::vector<CropSource> sources;
  auto add = [&](const std::string& kind, const Image& image) {
    const std::string base = "synth-" + std::to_string(side) + "-" + kind;
    sources.push_back({base + "-jpeg", reference::encode_jpeg(image, 90), image.shape()});
    sources.push_back({base + "-png", reference::encode_png(image), image.shape()});
  };
  if (colour) add("rgb", images::make_synthetic(side, side));
  if (grey) add("gray", images::make_synthetic_gray(side, side));
  return sources;
}

void register_crop_batches(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                           const std::vector<CropSource>& sources,
                           const std::vector<int>& workers) {
  std::vector<int> modes = {1};
  modes.insert(modes.end(), workers.begin(), workers.end());
  for (const CropSource& source : sources) {
    for (const Filter filter : {Filter::bilinear, Filter::area}) {
      auto batch = std::make_shared<const PlannedBatch>(plan_batch(source, filter));
      for (const int count : modes) {
        const std::string mode = count == 1 ? "sequential" : "workers-" + std::to_string(count);
        for (const auto& adapter : adapters) {
          if (!supports_batch(*adapter, source, *batch)) continue;
          const std::string suffix = std::string(adapter->name()) + "/" + source.name;
          const std::string key = std::string(to_string(filter)) + "/" + suffix;
          register_case("crop-batch:" + std::string(to_string(filter)) + ":" + mode + "/" + suffix,
                        [=, &source](benchmark::State& state) {
                          run_batch_case(state, key, *adapter, source, *batch, count);
                        });
        }
      }
    }
  }
}

}  // namespace imgbench::bench
