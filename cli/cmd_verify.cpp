// imgbench verify: the verification table, streamed as cases finish.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/registry.hpp"
#include "bench/context.hpp"
#include "bench/crop_batches.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/input_files.hpp"
#include "cli/screening.hpp"
#include "core/file_io.hpp"
#include "reference/operations.hpp"
#include "verify/report.hpp"

namespace imgbench::cli {
namespace {

std::vector<images::TestImage> select_images(const std::string& dir,
                                             const std::vector<std::string>& names) {
  const auto all = images::list_test_images(dir);
  if (all.empty()) {
    throw Error("no test images in " + dir +
                " (run `imgbench images` and images/fetch-photos, or ./scripts/setup)");
  }
  if (names.empty()) return all;
  std::vector<images::TestImage> chosen;
  for (const auto& name : names) {
    const std::size_t before = chosen.size();
    for (const auto& image : all) {
      if (image.name == name || image.name.starts_with(name + "-")) chosen.push_back(image);
    }
    if (chosen.size() == before) throw Error("no test image named '" + name + "' in " + dir);
  }
  return chosen;
}

// The crop batches are sequences over many requests, not operations of the matrix: `verify`
// runs the suite's batches (the benchmarks' own verification) after the matrix, unless --op
// selects other operations alone.
constexpr std::string_view kCropBatch = "crop-batch";

bool selects_crop_batches(const std::vector<std::string>& filters) {
  return filters.empty() || std::any_of(filters.begin(), filters.end(), [](const auto& filter) {
           return filter.starts_with(kCropBatch);
         });
}

// Whether --op selects a batch of this filter ("crop-batch:bilinear"): "crop-batch" takes all.
bool selects_batch(const std::vector<std::string>& filters, const std::string& batch) {
  return filters.empty() || std::any_of(filters.begin(), filters.end(), [&](const auto& filter) {
           return filter == kCropBatch || batch.starts_with(filter);
         });
}

std::vector<verify::Outcome> crop_batch_outcomes(const std::vector<const Adapter*>& adapters,
                                                 const std::vector<std::string>& filters) {
  std::vector<verify::Outcome> outcomes;
  for (bench::BatchVerdict& batch : bench::verify_crop_batches(adapters, bench::kCropSourceSide)) {
    if (!selects_batch(filters, batch.filter)) continue;
    verify::Outcome outcome;
    static_cast<reference::Verdict&>(outcome) = std::move(batch.verdict);
    outcome.adapter = batch.adapter;
    outcome.image = batch.source;
    outcome.operation = batch.filter;
    outcome.kind = std::string(kCropBatch);
    outcome.synthetic_image = true;
    outcomes.push_back(std::move(outcome));
  }
  return outcomes;
}

}  // namespace

int run_verify(int argc, char** argv) {
  const Args args(argc, argv, command_spec("verify"));
  const AdapterConfig config = adapter_config(args);
  std::vector<std::shared_ptr<const Adapter>> owned;
  const auto names = args.values("lib").empty() ? adapter_names() : args.values("lib");
  for (const auto& name : names) owned.push_back(make_adapter(name, config));
  std::vector<const Adapter*> adapters;
  for (const auto& adapter : owned) adapters.push_back(adapter.get());

  for (const auto& op : args.values("op")) {
    if (op.starts_with(kCropBatch)) continue;
    find_operation(op.substr(0, op.find(':')));  // throws naming the known operations
  }
  std::vector<images::TestImage> images;
  verify::Selection selection;
  selection.operations = args.values("op");
  selection.variants = args.flag("variants");
  if (const auto inputs = input_files(args); !inputs.empty()) {
    if (!args.values("image").empty())
      throw Error("verify: --input and --image exclude each other");
    for (const auto& path : inputs) images.push_back(images::input_image(path));
    const double limit = args.real("time-limit", 60, 0.001, 86400);
    selection.quarantine =
        screen_inputs(inputs, names, config, std::chrono::duration<double>(limit));
  } else {
    images = select_images(args.value("images", images::default_image_dir()), args.values("image"));
  }

  for (const auto& adapter : adapters) {
    std::cout << adapter->name() << " " << adapter->version() << "\n";
  }
  std::cout << "\n";
  verify::print_table_header(std::cout);
  auto report = verify::verify_images(adapters, images, selection, [](const verify::Outcome& o) {
    verify::print_table_row(std::cout, o);
  });
  if (input_files(args).empty() && selects_crop_batches(selection.operations)) {
    for (verify::Outcome& outcome : crop_batch_outcomes(adapters, selection.operations)) {
      verify::print_table_row(std::cout, outcome);
      report.outcomes.push_back(std::move(outcome));
    }
  }
  if (report.outcomes.empty()) {
    throw Error(
        "verify: the selection matches no case (see the operation names in `imgbench list`)");
  }
  verify::print_summary(std::cout, report);
  if (const std::string json = args.value("json", ""); !json.empty()) {
    std::ostringstream text;
    verify::write_json(text, report, bench::run_context(owned, config));
    const std::string body = text.str();
    write_file_atomic(json, {reinterpret_cast<const std::uint8_t*>(body.data()), body.size()});
  }
  return verify::find_problems(report).empty() ? 0 : 1;
}

}  // namespace imgbench::cli
