#include "bench/result_file.hpp"

#include <cmath>

#include "bench/case_record.hpp"
#include "bench/registration.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"

namespace imgbench::bench {
namespace {

nlohmann::json case_json(const CaseRecord& record) {
  nlohmann::json json = {{"family", record.family},
                         {"label", record.label},
                         {"steps", record.steps},
                         {"adapter", record.adapter},
                         {"level", record.level},
                         {"path", record.path},
                         {"image", record.image},
                         {"workers", record.workers},
                         {"approximation", record.approximation},
                         {"call", record.call},
                         {"approximation_kind", record.approximation_kind},
                         {"tolerance", record.tolerance},
                         {"definition", definition_of(record)}};
  const SpeedTarget& t = record.target;
  if (t.vs_pillow > 0 || t.vs_fastest > 0 || t.memcpy_share > 0) {
    json["target"] = {
        {"vs_pillow", t.vs_pillow}, {"vs_fastest", t.vs_fastest}, {"memcpy_share", t.memcpy_share}};
  }
  return json;
}

nlohmann::json read_json(const std::string& path) {
  // Google Benchmark writes names and messages as bytes: JSON wants UTF-8.
  const Bytes bytes = read_file(path);
  const std::string text = printable(std::string(bytes.begin(), bytes.end()));
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    throw Error(path + ": not a JSON result file (" + error.what() + ")");
  }
}

}  // namespace

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
  const std::string text =
      document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  write_file_atomic(to, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

}  // namespace imgbench::bench
