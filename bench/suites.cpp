#include "bench/suites.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <thread>

#include "bench/counts.hpp"
#include "bench/crop_batches.hpp"
#include "bench/cycle_cases.hpp"
#include "bench/single_ops.hpp"
#include "core/error.hpp"

namespace imgbench::bench {
namespace {

struct SuitePlan {
  std::vector<SingleOpsPlan> single_ops;
  std::vector<CyclePlan> cycles;
  int crop_side = 0;        // crop batches over synthetic sources of this side (0: none)
  bool crop_large = false;  // also 4000 x 4000 colour and grey
  bool inputs = false;      // the full cycle on the files named on the command line
};

// Every stage of the full cycle, with both filters.
CyclePlan cycle_over(std::vector<std::string> images) {
  CyclePlan plan;
  plan.images = std::move(images);
  return plan;
}

// Each adapter at each of its SIMD levels: the single operations on 2560x1600 RGB, and the codec
// (the cycle's load-save stage) on one photo.
// `operations` narrows the declared "levels" cases to these names (empty: all of them).
void add_simd_levels(SuitePlan& plan, std::vector<std::string> operations = {}) {
  SingleOpsPlan ops;
  ops.images = {"synth-2560x1600-rgb"};
  ops.suite = "levels";
  ops.operations = std::move(operations);
  ops.every_simd_level = true;
  plan.single_ops.push_back(ops);
  CyclePlan codec;
  codec.images = {"photo-path"};
  codec.stages = {"load-save"};
  codec.every_simd_level = true;
  plan.cycles.push_back(codec);
}

SuitePlan plan_for(const std::string& suite);

// The same plan at the sizes a counts run uses: single operations on counts_images() (an RGBA
// image for an RGBA one), the full cycle on one small real photo (427x640), the crop batches on
// 512^2 sources only; without the approximate contenders (the counts compare a build of ours
// with itself). The "counted" suite times this plan of the quick suite: the x86 wall time and a
// real Pi's measured time beside the Raspberry Pi estimates, case for case.
SuitePlan for_counts(SuitePlan plan) {
  for (SingleOpsPlan& ops : plan.single_ops) {
    std::vector<std::string> images;
    if (ops.images.empty()) {  // every suite image: both counts images
      for (const SuiteImage& image : counts_images()) images.push_back(image.name);
    }
    for (const std::string& name : ops.images) {
      const bool rgba = name.size() > 5 && name.compare(name.size() - 5, 5, "-rgba") == 0;
      const std::string counted = counts_images()[rgba ? 1 : 0].name;
      if (std::find(images.begin(), images.end(), counted) == images.end()) {
        images.push_back(counted);
      }
    }
    ops.images = images;
    ops.approximations = false;
  }
  for (CyclePlan& cycle : plan.cycles) {
    if (!cycle.images.empty()) cycle.images = {"photo-rocket"};
    cycle.shortcuts = false;
  }
  plan.crop_large = false;
  return plan;
}

SuitePlan plan_for(const std::string& suite) {
  SuitePlan plan;
  if (suite == "quick") {
    SingleOpsPlan ops;
    ops.images = {"synth-2560x1600-rgb"};
    ops.suite = "quick";
    plan.single_ops.push_back(ops);
    plan.cycles.push_back(cycle_over({"photo-path"}));
    plan.cycles.back().thumbnail = true;
    plan.crop_side = kCropSourceSide;
    add_simd_levels(plan, {"blur:sigma=4"});  // the report's speed-up per level, in seconds
  } else if (suite == "full") {
    plan.single_ops.push_back({});  // every operation on every image
    plan.cycles.push_back(
        cycle_over({"photo-path", "photo-bythewater", "photo-fallenleaf", "photo-colorfulcups",
                    "photo-rocket", "synth-2560x1600-q95-420", "synth-4096x4096-q95-420"}));
    plan.cycles.back().thumbnail = true;
    plan.crop_side = kCropSourceSide;
    plan.crop_large = true;
    add_simd_levels(plan);
  } else if (suite == "ops") {
    plan.single_ops.push_back({});
  } else if (suite == "levels") {
    add_simd_levels(plan);
  } else if (suite == "inputs") {
    plan.inputs = true;
  } else if (suite == "counted") {
    plan = for_counts(plan_for("quick"));
  } else {
    std::string known;
    for (const auto& name : suite_names()) known += (known.empty() ? "" : ", ") + name;
    throw Error("bench: unknown suite '" + suite + "' (known: " + known + ")");
  }
  return plan;
}

}  // namespace

std::vector<std::string> suite_names() {
  return {"quick", "full", "ops", "levels", "inputs", "counted"};
}

void register_suite(const std::string& suite,
                    const std::vector<std::shared_ptr<const Adapter>>& adapters,
                    const std::string& image_dir, const InputFiles& inputs) {
  const SuitePlan plan = counting() ? for_counts(plan_for(suite)) : plan_for(suite);
  if (plan.inputs != !inputs.paths.empty()) {
    throw Error(plan.inputs ? "bench: the inputs suite needs --input FILE"
                            : "bench: --input FILE goes with --suite inputs");
  }
  if (plan.inputs) register_input_cycles(adapters, inputs.paths, inputs.quarantine);
  for (const SingleOpsPlan& ops : plan.single_ops) register_single_ops(adapters, ops);
  for (const CyclePlan& cycle : plan.cycles) {
    // The registered cases refer to their sources until the process ends.
    static std::deque<std::vector<CycleSource>> sources;
    sources.push_back(load_cycle_sources(image_dir, cycle.images));
    register_cycle_cases(adapters, sources.back(), cycle);
  }
  if (plan.crop_side > 0) {
    static std::deque<std::vector<CropSource>> sources;
    sources.push_back(make_crop_sources(plan.crop_side, true, false));
    if (plan.crop_large) {
      auto large = make_crop_sources(4000, true, true);
      std::move(large.begin(), large.end(), std::back_inserter(sources.back()));
    }
    // Sequential, and as many workers as hardware threads.
    const int workers = std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
    register_crop_batches(adapters, sources.back(), {workers});
  }
}

}  // namespace imgbench::bench
