#include "bench/case_record.hpp"

#include <cstdint>
#include <cstdio>
#include <map>

namespace imgbench::bench {
namespace {

std::map<std::string, CaseRecord>& records() {
  static std::map<std::string, CaseRecord> instance;
  return instance;
}

std::string threshold(const char* what, double psnr) {
  char text[80];
  std::snprintf(text, sizeof text, "%s >= %.2f dB", what, psnr);
  return text;
}

// The length of the valid UTF-8 sequence at `text[i]`, or 0.
std::size_t utf8_length(const std::string& text, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  const std::size_t length = lead < 0x80                    ? 1
                             : lead >= 0xC2 && lead <= 0xDF ? 2
                             : lead >= 0xE0 && lead <= 0xEF ? 3
                             : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                            : 0;
  if (length == 0 || i + length > text.size()) return 0;
  for (std::size_t k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  }
  // No overlong forms, no surrogates, nothing above U+10FFFF.
  const unsigned char second = byte(i + 1 < text.size() ? i + 1 : i);
  if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F) ||
      (lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
    return 0;
  }
  return length;
}

}  // namespace

std::string printable(const std::string& text) {
  std::string result;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8_length(text, i);
    result += length ? text.substr(i, length) : "?";
    i += length ? length : 1;
  }
  return result;
}

std::string describe(const reference::Tolerance& tolerance) {
  if (tolerance.exact()) return "exact";
  std::string text = threshold("whole", tolerance.min_psnr);
  if (tolerance.min_border_psnr != reference::Tolerance::kNotJudged) {
    text +=
        ", " + threshold(("border band (" + std::to_string(tolerance.border_band) + " px)").c_str(),
                         tolerance.min_border_psnr);
  }
  if (tolerance.min_tile_psnr != reference::Tolerance::kNotJudged) {
    text += ", " + threshold("worst tile", tolerance.min_tile_psnr);
  }
  return text;
}

std::string definition_of(const CaseRecord& record) {
  std::string text = record.family + '\n';
  for (const auto& step : record.steps) text += step + ';';
  text += '\n' + record.image + '\n' + record.path + '\n' + record.approximation + '\n' +
          std::to_string(record.workers) + '\n' + record.tolerance;
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : text) hash = (hash ^ c) * 1099511628211ull;
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

void keep_record(const std::string& name, CaseRecord record) {
  if (record.verdict_key.empty()) record.verdict_key = name;
  records()[name] = std::move(record);
}

const CaseRecord* record_of_run(const std::string& run_name) {
  // The run name is the registered name, then Google Benchmark's "/real_time" and, for an
  // aggregate, "_median" and the like: the longest registered prefix ending at a '/'.
  const CaseRecord* found = nullptr;
  std::size_t longest = 0;
  for (std::size_t slash = run_name.find('/'); slash != std::string::npos;
       slash = run_name.find('/', slash + 1)) {
    const auto it = records().find(run_name.substr(0, slash));
    if (it != records().end() && slash > longest) {
      found = &it->second;
      longest = slash;
    }
  }
  if (const auto it = records().find(run_name); it != records().end()) found = &it->second;
  return found;
}

}  // namespace imgbench::bench
