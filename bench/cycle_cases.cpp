#include "bench/cycle_cases.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <optional>
#include <set>

#include "bench/case_record.hpp"
#include "bench/counts.hpp"
#include "bench/full_cycle.hpp"
#include "bench/peak_memory.hpp"
#include "bench/registration.hpp"
#include "bench/simd_levels.hpp"
#include "bench/verified_case.hpp"
#include "images/catalog.hpp"
#include "reference/codec.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {
namespace {

// A cycle as fields: the decode, each step resolved for the source, the save.
CaseRecord cycle_record(const std::string& label, const FullCycle& cycle,
                        const Contender& contender, const std::string& image, ImageFormat format) {
  CaseRecord record;
  record.family = "cycle";
  record.label = label;
  record.steps.push_back(to_string(Operation{Decode{format}}));
  std::vector<Operation> operations;
  for (const Transform& step : cycle.steps) {
    operations.push_back(to_operation(step));
    record.steps.push_back(to_string(operations.back()));
  }
  record.steps.push_back(to_string(Operation{cycle.encode}));
  record.adapter = std::string(contender.adapter->name());
  record.level = contender.level;
  record.image = image;
  record.tolerance = describe(reference::tolerance_for_sequence(operations)) +
                     "; after the encode " + describe(reference::tolerance_for_encoded_sequence());
  return record;
}

void run_cycle_case(benchmark::State& state, const std::string& name, const Adapter& adapter,
                    const CycleSource& source, const FullCycle& cycle) {
  const Verdict& verdict =
      verdict_once(name, [&] { return verify_cycle(adapter, source.jpeg, cycle); });
  if (!verdict.passed()) {
    state.SkipWithError(verdict.message().c_str());
    return;
  }
  std::optional<CaseMemory> memory;  // a resident size under valgrind would be valgrind's
  if (!counting()) memory.emplace(name);
  try {
    run_measured(state, name, [&] {
      Bytes output = run_full_cycle(adapter, source.jpeg, cycle);
      benchmark::DoNotOptimize(output.data());
    });
  } catch (const std::exception& error) {
    state.SkipWithError((std::string("failed while timed: ") + error.what()).c_str());
    return;
  }
  if (counting()) return;
  const double pixels = static_cast<double>(source.shape.width) * source.shape.height;
  // Mpx/s of the source image, pillow-perf's convention.
  state.counters["Mpx/s"] =
      benchmark::Counter(pixels / 1e6, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["images/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
  memory->report(state);
}

// A case that cannot run: it fails with `message` and counts as a failed verification.
void register_failed_case(const std::string& name, const std::string& message,
                          const std::string& adapter, const std::string& image) {
  CaseRecord record;
  record.family = "cycle";
  record.label = "blur-area";
  record.adapter = adapter;
  record.image = image;
  register_case(
      name,
      [name, message](benchmark::State& state) {
        const Verdict& verdict =
            verdict_once(name, [&] { return reference::error_verdict(message); });
        state.SkipWithError(verdict.message().c_str());
      },
      record);
}

// The whole cycle on one --input file, downscaling with the first of area and bicubic that the
// adapter supports on it (no library but ours and OpenCV has an exact area filter).
void register_input_cycle(const std::shared_ptr<const Adapter>& adapter, const CycleSource& source,
                          ImageFormat format) {
  for (const Filter filter : {Filter::area, Filter::bicubic}) {
    const std::string name = "cycle:blur-" + std::string(to_string(filter)) + "/" +
                             std::string(adapter->name()) + "/" + source.name;
    try {
      const CycleStage whole = cycle_stages(source.shape, filter).back();
      if (!supports_cycle(*adapter, whole.cycle, source.shape, format)) continue;
      register_case(
          name,
          [name, adapter, &source, cycle = whole.cycle](benchmark::State& s) {
            run_cycle_case(s, name, *adapter, source, cycle);
          },
          cycle_record("blur-" + std::string(to_string(filter)), whole.cycle, {adapter, ""},
                       source.name, format));
      return;
    } catch (const Error& error) {  // e.g. an image too small to downscale 2.5x
      register_failed_case(name, source.name + ": " + error.what(), std::string(adapter->name()),
                           source.name);
      return;
    }
  }
  std::fprintf(stderr, "imgbench: note: %s cannot run the full cycle on %s; not timed\n",
               std::string(adapter->name()).c_str(), source.name.c_str());
}

bool planned(const CyclePlan& plan, const CycleStage& stage) {
  return plan.stages.empty() ||
         std::find(plan.stages.begin(), plan.stages.end(), stage.name) != plan.stages.end();
}

}  // namespace

std::vector<CycleSource> load_cycle_sources(const std::string& image_dir,
                                            const std::vector<std::string>& names) {
  const auto available = images::list_test_images(image_dir);
  std::vector<CycleSource> sources;
  for (const auto& name : names) {
    const auto image = std::find_if(available.begin(), available.end(),
                                    [&](const images::TestImage& i) { return i.name == name; });
    if (image == available.end()) {
      throw Error("no test image named '" + name + "' in " + image_dir +
                  " (run ./scripts/setup and imgbench images)");
    }
    if (image->format != ImageFormat::jpeg)
      throw Error(name + " is not a JPEG: the full cycle starts from JPEG bytes");
    Bytes jpeg = read_file(image->path);
    const Shape shape = reference::probe_shape(jpeg, image->path);
    sources.push_back({name, std::move(jpeg), shape});
  }
  return sources;
}

void register_cycle_cases(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                          const std::vector<CycleSource>& sources, const CyclePlan& plan) {
  for (const CycleSource& source : sources) {
    std::set<std::string> registered;  // "load-save" and "rotate" do not depend on the filter
    for (const Filter filter : plan.filters) {
      for (const CycleStage& stage : cycle_stages(source.shape, filter)) {
        if (!planned(plan, stage) || !registered.insert(stage.name).second) continue;
        for (const Contender& contender : contenders(adapters, plan.every_simd_level)) {
          const auto& adapter = contender.adapter;
          if (!supports_cycle(*adapter, stage.cycle, source.shape)) continue;
          const std::string name =
              "cycle:" + stage.name + "/" + contender.name() + "/" + source.name;
          register_case(
              name,
              at_level(contender,
                       [name, adapter, &source, cycle = stage.cycle](benchmark::State& s) {
                         run_cycle_case(s, name, *adapter, source, cycle);
                       }),
              cycle_record(stage.name, stage.cycle, contender, source.name, ImageFormat::jpeg));
        }
      }
    }
  }
}

void register_input_cycles(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                           const std::vector<std::string>& paths, const Quarantine& quarantine) {
  static std::deque<CycleSource> sources;  // the registered cases refer to them until exit
  for (const std::string& path : paths) {
    const std::string file = printable(std::filesystem::path(path).filename().string());
    std::string problem;  // why no adapter can run this file
    ImageFormat format = ImageFormat::jpeg;
    try {
      if (const std::string* cause = quarantine.cause(path, "reference")) throw Error(*cause);
      Bytes bytes = read_file(path);
      const Shape shape = reference::probe_shape(bytes, path);
      format = *reference::detect_format(bytes);  // probe_shape knows the format
      sources.push_back({file, std::move(bytes), shape});
    } catch (const Error& error) {
      problem = error.what();
    }
    for (const auto& adapter : adapters) {
      const std::string adapter_name(adapter->name());
      const std::string* cause = quarantine.cause(path, adapter_name);
      if (!problem.empty() || cause) {
        register_failed_case("cycle:blur-area/" + adapter_name + "/" + file,
                             problem.empty() ? *cause : problem, adapter_name, file);
        continue;
      }
      register_input_cycle(adapter, sources.back(), format);
    }
  }
}

}  // namespace imgbench::bench
