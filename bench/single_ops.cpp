#include "bench/single_ops.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <optional>

#include "bench/counts.hpp"
#include "bench/peak_memory.hpp"
#include "bench/registration.hpp"
#include "bench/simd_levels.hpp"
#include "bench/verified_case.hpp"
#include "images/synthetic.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {
namespace {

// What the cases share: the source images (made on first use) and the reference output of the
// (image, operation) being run (one at a time: they are large and the cases run grouped).
class Suite {
 public:
  const Image& source(const SuiteImage& image) {
    auto& slot = sources_[image.name];
    if (!slot) {
      slot = std::make_unique<Image>(image.channels == 4
                                         ? images::make_synthetic_rgba(image.width, image.height)
                                         : images::make_synthetic(image.width, image.height));
    }
    return *slot;
  }

  // `variant`: a library default timed as an approximate contender (null: the canonical call).
  const Verdict& verdict(const std::string& name, const Adapter& adapter, const SuiteImage& image,
                         const SingleOp& op, const Variant* variant) {
    if (variant) {
      return verdict_once(
          name,
          [&] {
            return verify_approximation(adapter, *variant, source(image), op.transform,
                                        expected(image, op));
          },
          true);
    }
    return verdict_once(name, adapter, [&] {
      return verify_case(adapter, source(image), op.transform, expected(image, op));
    });
  }

 private:
  const Image& expected(const SuiteImage& image, const SingleOp& op) {
    const std::string key = op.name + "/" + image.name;
    if (key != expected_key_) {
      expected_ = reference::apply(source(image), op.transform);
      expected_key_ = key;
    }
    return expected_;
  }

  std::map<std::string, std::unique_ptr<Image>> sources_;
  std::string expected_key_;
  Image expected_;
};

Suite& suite() {
  static Suite instance;
  return instance;
}

void set_counters(benchmark::State& state, const Image& source) {
  const auto pixels = static_cast<double>(source.width()) * source.height();
  // Mpx/s of the source image, pillow-perf's convention; bytes/s to compare with memcpy.
  state.counters["Mpx/s"] =
      benchmark::Counter(pixels / 1e6, benchmark::Counter::kIsIterationInvariantRate);
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(source.row_bytes()) *
                          source.height());
}

// A canonical case, or with `variant` an approximate contender: timed whatever its PSNR, which
// its verdict carries beside its speed, unless it could not run.
void run_case(benchmark::State& state, const std::string& name, const Adapter& adapter,
              const SuiteImage& image, const SingleOp& op, const Variant* variant = nullptr) {
  const Verdict& verdict = suite().verdict(name, adapter, image, op, variant);
  const bool timed = variant ? verdict.status != reference::VerdictStatus::error : verdict.passed();
  if (!timed) {
    state.SkipWithError(verdict.message().c_str());
    return;
  }
  const Image& source = suite().source(image);
  const NativePtr native = adapter.import_image(source);
  std::optional<CaseMemory> memory;  // a resident size under valgrind would be valgrind's
  if (!counting()) memory.emplace(name);
  try {
    run_measured(state, name, [&] {
      NativePtr output = variant ? variant->transform(*native, op.transform)
                                 : adapter.apply(*native, op.transform);
      benchmark::DoNotOptimize(output.get());
    });
  } catch (const std::exception& error) {
    state.SkipWithError((std::string("failed while timed: ") + error.what()).c_str());
    return;
  }
  if (counting()) return;
  set_counters(state, source);
  memory->report(state);
}

// The same bytes copied into a buffer that already exists: what moving them cannot beat.
void run_memcpy(benchmark::State& state, const SuiteImage& image) {
  const Image& source = suite().source(image);
  const std::size_t bytes = source.stride() * source.height();
  std::vector<std::uint8_t> target(bytes, 1);
  run_measured(state, "memcpy/baseline/" + image.name, [&] {
    std::memcpy(target.data(), source.data(), bytes);
    benchmark::ClobberMemory();
  });
  if (!counting()) set_counters(state, source);
}

CaseRecord record_of(const SingleOp& op, const Contender& contender, const SuiteImage& image) {
  const Operation operation = to_operation(op.transform);
  CaseRecord record;
  record.family = "operation";
  record.label = op.name;
  record.steps = {to_string(operation)};
  record.adapter = std::string(contender.adapter->name());
  record.level = contender.level;
  record.image = image.name;
  record.tolerance = describe(reference::tolerance_for(operation));
  record.target = op.target;
  return record;
}

// Each adapter's library defaults that stand in for `op` (Variant::library_default), as
// approximate contenders: "<operation>/<adapter>~<variant>/<image>".
void register_approximations(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                             const SuiteImage& image, const SingleOp& op) {
  for (const auto& adapter : adapters) {
    for (const Variant& variant : adapter->variants()) {
      if (!variant.library_default || !variant.transform ||
          !variant.matches(to_operation(op.transform))) {
        continue;
      }
      const std::string name =
          op.name + "/" + std::string(adapter->name()) + "~" + variant.name + "/" + image.name;
      CaseRecord record = record_of(op, Contender{adapter, ""}, image);
      record.family = "approximate";
      record.approximation = variant.name;
      record.approximation_kind = variant.approximation ? "by-design" : "library-default";
      record.call = variant.call;
      register_case(
          name,
          [name, adapter, image, op, variant](benchmark::State& s) {
            run_case(s, name, *adapter, image, op, &variant);
          },
          record);
    }
  }
}

}  // namespace

std::vector<SingleOp> single_ops(const Shape& input) {
  std::vector<SingleOp> ops;
  for (const OperationDef& def : operations()) {
    if (def.role != Role::transform) continue;
    for (const OperationCase& c : def.cases(input)) {
      ops.push_back({c.text, *as_transform(c.operation), c.suites, c.target});
    }
  }
  return ops;
}

std::vector<SuiteImage> counts_images() {
  return {{"synth-320x200-rgb", 320, 200, 3}, {"synth-320x200-rgba", 320, 200, 4}};
}

std::vector<SuiteImage> single_op_images() {
  std::vector<SuiteImage> images;
  for (const auto& [width, height] : {std::pair{2560, 1600}, std::pair{4096, 4096}}) {
    for (const int channels : {3, 4}) {
      images.push_back({"synth-" + std::to_string(width) + "x" + std::to_string(height) +
                            (channels == 4 ? "-rgba" : "-rgb"),
                        width, height, channels});
    }
  }
  return images;
}

namespace {

bool planned(const std::vector<std::string>& names, const std::string& name) {
  return names.empty() || std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

void register_single_ops(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                         const SingleOpsPlan& plan) {
  // A plan that names no image takes every suite image; one may also name the counts images.
  std::vector<SuiteImage> known = single_op_images();
  if (!plan.images.empty()) {
    for (const SuiteImage& image : counts_images()) known.push_back(image);
  }
  for (const SuiteImage& image : known) {
    if (!planned(plan.images, image.name)) continue;
    const Shape shape{image.width, image.height, image.channels};
    if (!plan.every_simd_level) {
      CaseRecord record;
      record.family = "baseline";
      record.label = "memcpy";
      record.adapter = "baseline";
      record.image = image.name;
      register_case(
          "memcpy/baseline/" + image.name,
          [image](benchmark::State& state) { run_memcpy(state, image); }, record);
    }
    for (const SingleOp& op : single_ops(shape)) {
      if (!planned(plan.operations, op.name)) continue;
      if (!plan.suite.empty() && !op.suites.contains(plan.suite)) continue;
      for (const Contender& contender : contenders(adapters, plan.every_simd_level)) {
        const auto& adapter = contender.adapter;
        if (!adapter->supports(to_operation(op.transform), shape).supported) continue;
        const std::string name = op.name + "/" + contender.name() + "/" + image.name;
        register_case(name,
                      at_level(contender,
                               [name, adapter, image, op](benchmark::State& s) {
                                 run_case(s, name, *adapter, image, op);
                               }),
                      record_of(op, contender, image));
      }
      // The calls users write by default, beside the canonical ones.
      if (plan.approximations && !plan.every_simd_level) {
        register_approximations(adapters, image, op);
      }
    }
  }
}

}  // namespace imgbench::bench
