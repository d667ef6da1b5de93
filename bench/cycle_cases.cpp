#include "bench/cycle_cases.hpp"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>

#include "bench/case_record.hpp"
#include "bench/counts.hpp"
#include "bench/full_cycle.hpp"
#include "bench/peak_memory.hpp"
#include "bench/registration.hpp"
#include "bench/sequence.hpp"
#include "bench/simd_levels.hpp"
#include "bench/verified_case.hpp"
#include "images/catalog.hpp"
#include "reference/codec.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {
namespace {

// A sequence as fields: the decode, each step resolved for the source, the save.
CaseRecord cycle_record(const std::string& family, const std::string& label, const FullCycle& cycle,
                        const Contender& contender, const std::string& image, ImageFormat format) {
  CaseRecord record;
  record.family = family;
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

// Times `run` (a verified sequence on `source`, its JPEG the result) with the source's Mpx/s,
// images/s and peak memory (not under counts: a resident size under valgrind is valgrind's).
void time_sequence(benchmark::State& state, const std::string& name, const CycleSource& source,
                   const std::function<Bytes()>& run) {
  std::optional<CaseMemory> memory;
  if (!counting()) memory.emplace(name);
  try {
    run_measured(state, name, [&] {
      const Bytes output = run();
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

void run_cycle_case(benchmark::State& state, const std::string& name, const Adapter& adapter,
                    const CycleSource& source, const FullCycle& cycle) {
  const Verdict& verdict =
      verdict_once(name, adapter, [&] { return verify_cycle(adapter, source.jpeg, cycle); });
  if (!verdict.passed()) {
    state.SkipWithError(verdict.message().c_str());
    return;
  }
  time_sequence(state, name, source, [&] { return run_full_cycle(adapter, source.jpeg, cycle); });
}

// A shortcut for the sequence (Adapter::shortcuts), an approximate contender: its verdict is
// measured first and kept beside its speed, and only an error keeps it from being timed.
void run_shortcut_case(benchmark::State& state, const std::string& name, const Adapter& adapter,
                       const Shortcut& shortcut, const CycleSource& source,
                       const FullCycle& cycle) {
  const Verdict& verdict = verdict_once(
      name,
      [&] { return verify_shortcut(adapter, shortcut, source.jpeg, cycle.steps, cycle.encode); },
      true);
  if (verdict.status == reference::VerdictStatus::error) {
    state.SkipWithError(verdict.message().c_str());
    return;
  }
  time_sequence(state, name, source, [&] {
    return save_shortcut_output(adapter, shortcut, *shortcut.run(source.jpeg, cycle.steps),
                                cycle.encode);
  });
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
          cycle_record("cycle", "blur-" + std::string(to_string(filter)), whole.cycle,
                       {adapter, ""}, source.name, format));
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

// The sequence through an approximation by design (Variant::approximation): each step the
// adapter has no canonical mapping for runs through the approximation, the others through their
// canonical mappings. It matches a sequence where the approximation stands in for one step or
// more and the adapter runs every other.
Shortcut through_approximation(const std::shared_ptr<const Adapter>& adapter,
                               const Variant& approximation) {
  // Whether the approximation runs `step` on an input of `shape` (the canonical mapping cannot).
  auto stands_in = [adapter, approximation](const Transform& step, const Shape& shape) {
    const Operation op = to_operation(step);
    return !adapter->supports(op, shape).supported && approximation.matches(op);
  };
  Shortcut shortcut;
  shortcut.name = approximation.name;
  shortcut.call = approximation.call;
  shortcut.matches = [adapter, stands_in](std::span<const Transform> steps, Shape shape,
                                          ImageFormat format) {
    if (!adapter->supports(Decode{format}, shape).supported) return false;
    bool approximated = false;
    for (const Transform& step : steps) {
      const bool substitute = stands_in(step, shape);
      if (!substitute && !adapter->supports(to_operation(step), shape).supported) return false;
      approximated = approximated || substitute;
      shape = output_shape(step, shape);
    }
    return approximated;
  };
  shortcut.run = [adapter, approximation, stands_in](std::span<const std::uint8_t> bytes,
                                                     std::span<const Transform> steps) {
    NativePtr image = adapter->decode(bytes);
    for (const Transform& step : steps) {
      image = stands_in(step, image->shape()) ? approximation.transform(*image, step)
                                              : adapter->apply(*image, step);
    }
    return image;
  };
  return shortcut;
}

// An approximate contender for a sequence, and its kind (CaseRecord::approximation_kind).
struct Approximation {
  Shortcut route;
  std::string kind;
};

// The approximate contenders for a sequence: the adapter's shortcuts, the sequence through each
// of its approximations by design, and its library defaults for the save
// (Variant::library_default with an encode), which run the adapter's own steps then that save.
// The defaults only where the save is most of the work: a sequence with no pixel step (the
// cycle's load-save).
std::vector<Approximation> approximations(const std::shared_ptr<const Adapter>& adapter,
                                          const FullCycle& cycle, bool canonical) {
  std::vector<Approximation> all;
  // A shortcut stands beside the adapter's canonical sequence, which it is measured against: an
  // adapter that cannot run the sequence canonically has only its approximations by design.
  if (canonical) {
    for (Shortcut& shortcut : adapter->shortcuts())
      all.push_back({std::move(shortcut), "shortcut"});
  }
  for (const Variant& variant : adapter->variants()) {
    if (variant.approximation && variant.transform) {
      all.push_back({through_approximation(adapter, variant), "by-design"});
    }
  }
  if (!cycle.steps.empty() || !canonical) return all;
  for (const Variant& variant : adapter->variants()) {
    if (!variant.library_default || !variant.encode || !variant.matches(cycle.encode)) continue;
    Shortcut save_default;
    save_default.name = variant.name;
    save_default.call = variant.call;
    save_default.matches = [adapter](std::span<const Transform> steps, const Shape& source,
                                     ImageFormat format) {
      return supported_shape(*adapter, format, source, steps).has_value();
    };
    save_default.run = [adapter](std::span<const std::uint8_t> bytes,
                                 std::span<const Transform> steps) {
      return run_sequence(*adapter, bytes, steps);
    };
    save_default.save = variant.encode;
    all.push_back({std::move(save_default), "library-default"});
  }
  return all;
}

// One sequence (a stage of the cycle, the thumbnail) on one source, named
// "<family>:<label>/<contender>/<image>", for each contender that runs it; with `shortcuts`, also
// each adapter's shortcuts for it, as "<family>:<label>/<adapter>~<shortcut>/<image>".
void register_sequence(const std::string& family, const std::string& label, const FullCycle& cycle,
                       const CycleSource& source, const std::vector<Contender>& contenders,
                       bool shortcuts) {
  for (const Contender& contender : contenders) {
    const auto& adapter = contender.adapter;
    const std::string prefix = family + ":" + label + "/";
    const bool canonical = supports_cycle(*adapter, cycle, source.shape);
    if (canonical) {
      const std::string name = prefix + contender.name() + "/" + source.name;
      register_case(name,
                    at_level(contender,
                             [name, adapter, &source, cycle](benchmark::State& s) {
                               run_cycle_case(s, name, *adapter, source, cycle);
                             }),
                    cycle_record(family, label, cycle, contender, source.name, ImageFormat::jpeg));
    }
    if (!shortcuts || !contender.level.empty()) continue;
    for (const Approximation& approximation : approximations(adapter, cycle, canonical)) {
      const Shortcut& shortcut = approximation.route;
      if (!shortcut.matches(cycle.steps, source.shape, ImageFormat::jpeg)) continue;
      const std::string shortcut_name =
          prefix + std::string(adapter->name()) + "~" + shortcut.name + "/" + source.name;
      CaseRecord record =
          cycle_record(family, label, cycle, contender, source.name, ImageFormat::jpeg);
      record.family = "approximate";
      record.approximation = shortcut.name;
      record.approximation_kind = approximation.kind;
      record.call = shortcut.call;
      register_case(
          shortcut_name,
          [shortcut_name, adapter, shortcut, &source, cycle](benchmark::State& s) {
            run_shortcut_case(s, shortcut_name, *adapter, shortcut, source, cycle);
          },
          record);
    }
  }
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
  const std::vector<Contender> running = contenders(adapters, plan.every_simd_level);
  // Shortcuts are timed beside the canonical sequences, not at every level.
  const bool shortcuts = plan.shortcuts && !plan.every_simd_level;
  for (const CycleSource& source : sources) {
    std::set<std::string> registered;  // "load-save" and "rotate" do not depend on the filter
    for (const Filter filter : plan.filters) {
      const std::vector<CycleStage> stages = cycle_stages(source.shape, filter);
      for (const CycleStage& stage : stages) {
        if (!planned(plan, stage) || !registered.insert(stage.name).second) continue;
        // Approximations of the whole cycle, and of its codec alone (a library's default save).
        const bool whole = &stage == &stages.back() || stage.cycle.steps.empty();
        register_sequence("cycle", stage.name, stage.cycle, source, running, shortcuts && whole);
      }
    }
    if (plan.thumbnail) {
      register_sequence("thumbnail", "lanczos3-8x", thumbnail(source.shape), source, running,
                        shortcuts);
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
