#include "bench/suites.hpp"

#include <algorithm>
#include <deque>
#include <iterator>
#include <thread>

#include "bench/crop_batches.hpp"
#include "bench/cycle_cases.hpp"
#include "bench/single_ops.hpp"
#include "core/error.hpp"

namespace imgbench::bench {
namespace {

struct SuitePlan {
  SingleOpsPlan single_ops;
  bool with_single_ops = true;
  std::vector<std::string> cycle_images;
  std::vector<Filter> cycle_filters = {Filter::bicubic, Filter::area};
  int crop_side = 0;        // crop batches over synthetic sources of this side (0: none)
  bool crop_large = false;  // also 4000 x 4000 colour and grey
};

SuitePlan plan_for(const std::string& suite) {
  SuitePlan plan;
  if (suite == "quick") {
    plan.single_ops.images = {"synth-2560x1600-rgb"};
    plan.single_ops.operations = {"rotate90", "resize:bicubic:2.5", "resize:area:2.5", "blur:4",
                                  "crop:half"};
    plan.cycle_images = {"photo-path"};
    plan.crop_side = 512;
  } else if (suite == "full") {
    plan.cycle_images = {
        "photo-path",   "photo-bythewater",        "photo-fallenleaf",       "photo-colorfulcups",
        "photo-rocket", "synth-2560x1600-q95-420", "synth-4096x4096-q95-420"};
    plan.crop_side = 512;
    plan.crop_large = true;
  } else if (suite != "ops") {
    std::string known;
    for (const auto& name : suite_names()) known += (known.empty() ? "" : ", ") + name;
    throw Error("bench: unknown suite '" + suite + "' (known: " + known + ")");
  }
  return plan;
}

}  // namespace

std::vector<std::string> suite_names() {
  return {"quick", "full", "ops"};
}

void register_suite(const std::string& suite,
                    const std::vector<std::shared_ptr<const Adapter>>& adapters,
                    const std::string& image_dir) {
  const SuitePlan plan = plan_for(suite);
  if (plan.with_single_ops) register_single_ops(adapters, plan.single_ops);
  if (!plan.cycle_images.empty()) {
    // The registered cases refer to their sources until the process ends.
    static std::deque<std::vector<CycleSource>> sources;
    sources.push_back(load_cycle_sources(image_dir, plan.cycle_images));
    register_cycle_cases(adapters, sources.back(), plan.cycle_filters);
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
