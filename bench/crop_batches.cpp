#include "bench/crop_batches.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>

#include "bench/counts.hpp"
#include "bench/peak_memory.hpp"
#include "bench/registration.hpp"
#include "bench/sequence.hpp"
#include "bench/verified_case.hpp"
#include "bench/worker_group.hpp"
#include "core/crop_batch.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"
#include "reference/known_findings.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {
namespace {

constexpr int kBatchSize = 32;
constexpr int kWindow = 128;
constexpr double kMaxScale = 3;
constexpr std::uint64_t kSeed = 2018;

struct PlannedBatch {
  std::vector<std::vector<Transform>> steps;  // per request: the crop, then the resize
};

// The adapter's crop fast path, where it has one: its shortcut (Adapter::shortcuts) of this name,
// which decodes a crop and resizes it in one go. A batch runs each request through the adapter's
// decode and steps, or (`fast` not null) through the fast path.
constexpr const char* kFastPath = "partial-decode";

NativePtr run_request(const Adapter& adapter, const CropSource& source,
                      const std::vector<Transform>& steps, const Shortcut* fast) {
  if (fast) return fast->run(source.bytes, steps);
  return run_sequence(adapter, source.bytes, steps);
}

Verdict verify_request(const Adapter& adapter, const CropSource& source,
                       const std::vector<Transform>& steps, const Shortcut* fast) {
  if (fast) return verify_fast_crop(adapter, *fast, source.bytes, steps);
  return check_sequence(adapter, source.bytes, steps, " on a crop").verdict;
}

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
  return std::all_of(batch.steps.begin(), batch.steps.end(), [&](const auto& steps) {
    return supported_shape(adapter, format, source.shape, steps).has_value();
  });
}

// The adapter's fast path when it runs every request of the batch.
std::optional<Shortcut> fast_path(const Adapter& adapter, const CropSource& source,
                                  const PlannedBatch& batch) {
  const ImageFormat format = reference::detect_format(source.bytes).value_or(ImageFormat::ppm);
  if (batch.steps.empty()) return std::nullopt;
  std::optional<Shortcut> fast =
      find_shortcut(adapter, kFastPath, batch.steps.front(), source.shape, format);
  const bool runs_all =
      fast && std::all_of(batch.steps.begin(), batch.steps.end(), [&](const auto& steps) {
        return fast->matches(steps, source.shape, format);
      });
  return runs_all ? fast : std::nullopt;
}

// The batch as steps: the decode, then each request's crop and resize.
std::vector<std::string> batch_steps(const CropSource& source, const PlannedBatch& batch) {
  const ImageFormat format = reference::detect_format(source.bytes).value_or(ImageFormat::ppm);
  std::vector<std::string> steps = {to_string(Operation{Decode{format}})};
  for (const auto& request : batch.steps) {
    std::string text;
    for (const Transform& step : request) {
      if (!text.empty()) text += ';';
      text += to_string(to_operation(step));
    }
    steps.push_back(text);
  }
  return steps;
}

// Every request has the same kinds of step: the first request's tolerance is the batch's.
reference::Tolerance batch_tolerance(const PlannedBatch& batch) {
  if (batch.steps.empty()) return {};
  std::vector<Operation> operations;
  for (const Transform& step : batch.steps.front()) operations.push_back(to_operation(step));
  return reference::tolerance_for_sequence(operations);
}

// Every request against the reference; the verdict of a passing batch carries its lowest PSNR
// over the whole image, in the border band and in a tile, each over all its requests. A failing
// batch's verdict is its worst failing request's (the lowest whole-image PSNR), so that what it
// reports does not depend on the order of the requests.
Verdict verify_batch(const Adapter& adapter, const CropSource& source, const PlannedBatch& batch,
                     const Shortcut* fast) {
  std::optional<Verdict> worst_failure;
  Verdict worst;
  worst.status = reference::VerdictStatus::pass;
  worst.measured = true;
  reference::Comparison& lowest = worst.comparison;
  lowest.same_shape = true;
  lowest.psnr = lowest.psnr_border = lowest.psnr_tile = std::numeric_limits<double>::infinity();
  for (const auto& steps : batch.steps) {
    Verdict verdict = verify_request(adapter, source, steps, fast);
    if (verdict.status == reference::VerdictStatus::error) return verdict;
    if (!verdict.passed()) {
      if (!worst_failure || verdict.comparison.psnr < worst_failure->comparison.psnr) {
        worst_failure = std::move(verdict);
      }
      continue;
    }
    worst.tolerance = verdict.tolerance;
    const reference::Comparison& c = verdict.comparison;
    lowest.psnr = std::min(lowest.psnr, c.psnr);
    if (c.psnr_border < lowest.psnr_border) {
      lowest.psnr_border = c.psnr_border;
      lowest.border_edge = c.border_edge;
    }
    lowest.psnr_tile = std::min(lowest.psnr_tile, c.psnr_tile);
    lowest.max_diff = std::max(lowest.max_diff, c.max_diff);
  }
  return worst_failure ? *worst_failure : worst;
}

// The batch's requests spread over `workers` threads (1: this thread), each taking the next
// request until none is left.
void run_batch(const Adapter& adapter, const CropSource& source, const PlannedBatch& batch,
               const Shortcut* fast, int workers) {
  std::atomic<std::size_t> next{0};
  run_workers(workers, [&] {
    for (std::size_t i = next++; i < batch.steps.size(); i = next++) {
      benchmark::DoNotOptimize(run_request(adapter, source, batch.steps[i], fast));
    }
  });
}

void run_batch_case(benchmark::State& state, const std::string& name, const std::string& key,
                    const Adapter& adapter, const CropSource& source, const PlannedBatch& batch,
                    const Shortcut* fast, int workers) {
  const Verdict& verdict =
      verdict_once(key, adapter, [&] { return verify_batch(adapter, source, batch, fast); });
  if (!verdict.passed()) {
    state.SkipWithError(verdict.message().c_str());
    return;
  }
  // Workers allocate in malloc arenas of their own, which the measurement cannot see clearly
  // (peak_memory.hpp): the sequential case gives the memory of a request.
  // Nor can valgrind's resident size be taken for the library's.
  std::optional<CaseMemory> memory;
  if (workers == 1 && !counting()) memory.emplace(key);
  try {
    run_measured(state, name, [&] { run_batch(adapter, source, batch, fast, workers); });
  } catch (const std::exception& error) {
    state.SkipWithError((std::string("failed while timed: ") + error.what()).c_str());
    return;
  }
  if (counting()) return;
  const double requests = static_cast<double>(batch.steps.size());
  state.counters["crops/s"] =
      benchmark::Counter(requests, benchmark::Counter::kIsIterationInvariantRate);
  // Mpx/s of the decoded sources, pillow-perf's convention.
  state.counters["Mpx/s"] =
      benchmark::Counter(requests * source.shape.width * source.shape.height / 1e6,
                         benchmark::Counter::kIsIterationInvariantRate);
  // The lowest PSNRs of the batch's crops against the reference, whole and local (none where all
  // are exact: JSON has no infinity).
  const std::pair<const char*, double> lowest[] = {
      {"worst_psnr", verdict.comparison.psnr},
      {"worst_border_psnr", verdict.comparison.psnr_border},
      {"worst_tile_psnr", verdict.comparison.psnr_tile}};
  for (const auto& [counter, psnr] : lowest) {
    if (std::isfinite(psnr)) state.counters[counter] = psnr;
  }
  if (memory) memory->report(state);
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

std::vector<BatchVerdict> verify_crop_batches(const std::vector<const Adapter*>& adapters,
                                              int side) {
  std::vector<BatchVerdict> verdicts;
  for (const CropSource& source : make_crop_sources(side, true, false)) {
    for (const Filter filter : {Filter::bilinear, Filter::area}) {
      const PlannedBatch batch = plan_batch(source, filter);
      for (const Adapter* adapter : adapters) {
        if (!supports_batch(*adapter, source, batch)) continue;
        BatchVerdict batch_verdict;
        batch_verdict.adapter = std::string(adapter->name());
        batch_verdict.filter = "crop-batch:" + std::string(to_string(filter));
        batch_verdict.source = source.name;
        batch_verdict.name =
            batch_verdict.filter + "/" + batch_verdict.adapter + "/" + batch_verdict.source;
        try {
          batch_verdict.verdict = verify_batch(*adapter, source, batch, nullptr);
        } catch (const std::exception& error) {
          batch_verdict.verdict = reference::error_verdict(error.what());
        }
        reference::apply_known_findings(batch_verdict.verdict, batch_verdict.name, adapter->name(),
                                        adapter->version());
        verdicts.push_back(std::move(batch_verdict));
      }
    }
  }
  return verdicts;
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
          // The fast path is a contender of its own: "simd+partial-decode".
          std::vector<std::optional<Shortcut>> paths = {std::nullopt};
          if (auto fast = fast_path(*adapter, source, *batch)) paths.push_back(std::move(fast));
          for (const std::optional<Shortcut>& path : paths) {
            std::string contender(adapter->name());
            if (path) contender.append("+").append(path->name);
            const std::string suffix = contender + "/" + source.name;
            // The sequential and parallel cases share one verification.
            const std::string key = "crop-batch:" + std::string(to_string(filter)) + "/" + suffix;
            const std::string name =
                "crop-batch:" + std::string(to_string(filter)) + ":" + mode + "/" + suffix;
            if (count > 1 && counting()) {  // valgrind runs one thread at a time
              note_not_counted(name, std::to_string(count) + " worker threads");
              continue;
            }
            CaseRecord record;
            record.family = "crop-batch";
            record.label = std::string(to_string(filter)) + ":" + mode;
            record.steps = batch_steps(source, *batch);
            record.adapter = std::string(adapter->name());
            record.path = path ? path->name : "";
            record.image = source.name;
            record.workers = count;
            record.tolerance =
                describe(path ? reference::tolerance_for_fast_path() : batch_tolerance(*batch));
            record.verdict_key = key;
            register_case(
                name,
                [=, &source](benchmark::State& state) {
                  run_batch_case(state, name, key, *adapter, source, *batch,
                                 path ? &*path : nullptr, count);
                },
                record);
          }
        }
      }
    }
  }
}

}  // namespace imgbench::bench
