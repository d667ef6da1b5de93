#include "bench/result_file.hpp"

#include <cmath>

#include "bench/case_record.hpp"
#include "bench/registration.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"

namespace imgbench::bench {
namespace {

nlohmann::json case_json(const CaseRecord& record) {
  return {{"family", record.family},       {"label", record.label},
          {"steps", record.steps},         {"adapter", record.adapter},
          {"level", record.level},         {"path", record.path},
          {"image", record.image},         {"workers", record.workers},
          {"tolerance", record.tolerance}, {"definition", definition_of(record)}};
}

nlohmann::json read_json(const std::string& path) {
  const Bytes bytes = read_file(path);
  try {
    return nlohmann::json::parse(bytes.begin(), bytes.end());
  } catch (const nlohmann::json::exception& error) {
    throw Error(path + ": not a JSON result file (" + error.what() + ")");
  }
}

}  // namespace

nlohmann::json json_number(double value) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return value;
}

nlohmann::json verdict_json(const reference::Verdict& verdict) {
  const reference::Comparison& c = verdict.comparison;
  const reference::Tolerance& t = verdict.tolerance;
  nlohmann::json json = {
      {"status", std::string(reference::to_string(verdict.status))},
      {"stage", verdict.stage},
      {"detail", verdict.detail},
      {"tolerance",
       {{"psnr", json_number(t.min_psnr)},
        {"border_psnr", json_number(t.min_border_psnr)},
        {"tile_psnr", json_number(t.min_tile_psnr)},
        {"border_band", t.border_band}}},
  };
  if (verdict.measured) {
    json["psnr"] = json_number(c.psnr);
    json["psnr_border"] = json_number(c.psnr_border);
    json["psnr_tile"] = json_number(c.psnr_tile);
    json["max_diff"] = c.max_diff;
  }
  if (!verdict.failed.empty()) {
    json["failed"] = verdict.failed;
    json["failed_psnr"] = json_number(verdict.failed_psnr);
    json["failed_threshold"] = json_number(verdict.failed_threshold);
  }
  return json;
}

void write_result_file(const std::string& from, const std::string& to) {
  nlohmann::json document = read_json(from);
  document["format_version"] = kResultFormatVersion;
  for (nlohmann::json& entry : document["benchmarks"]) {
    const std::string run_name = entry.value("run_name", entry.value("name", ""));
    const CaseRecord* record = record_of_run(run_name);
    if (!record) continue;
    entry["case"] = case_json(*record);
    if (const Verdict* verdict = recorded_verdict(record->verdict_key)) {
      entry["verdict"] = verdict_json(*verdict);
    }
  }
  const std::string text = document.dump(2) + "\n";
  write_file_atomic(to, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace imgbench::bench
