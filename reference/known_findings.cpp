#include "reference/known_findings.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <tuple>
#include <utility>

#include "core/error.hpp"
#include "reference/verdict.hpp"

namespace imgbench::reference {

// The declared list, embedded at build time (reference/CMakeLists.txt).
extern const char* const kKnownFindingsJson;

namespace {

std::string range_text(const KnownFinding& finding) {
  char text[64];
  std::snprintf(text, sizeof text, "[%.2f, %.2f] dB", finding.psnr_min, finding.psnr_max);
  return text;
}

std::string psnr_text(double psnr) {
  char text[32];
  std::snprintf(text, sizeof text, "%.2f dB", psnr);
  return text;
}

// The measure of `criterion` in the verdict, and its threshold (NaN for a criterion without
// one: shape, header).
std::pair<double, double> measure_of(const Verdict& verdict, const std::string& criterion) {
  const Comparison& c = verdict.comparison;
  const Tolerance& t = verdict.tolerance;
  if (criterion == "psnr") return {c.psnr, t.min_psnr};
  if (criterion == "border") return {c.psnr_border, t.min_border_psnr};
  if (criterion == "tile") return {c.psnr_tile, t.min_tile_psnr};
  const double none = std::numeric_limits<double>::quiet_NaN();
  return {none, none};
}

// The verdict of a finding that no longer holds: a failure, whatever the comparison said, with
// the measure of the finding's criterion as its failed PSNR.
void stale(Verdict& verdict, const KnownFinding& finding, const std::string& why) {
  verdict.status = VerdictStatus::fail;
  verdict.failed = "known-finding";
  std::tie(verdict.failed_psnr, verdict.failed_threshold) = measure_of(verdict, finding.criterion);
  verdict.known_finding = finding;
  verdict.detail = "known finding " + finding.id + " " + why +
                   ": re-measure it and update reference/known_findings.json";
}

}  // namespace

std::vector<KnownFinding> parse_known_findings(std::string_view json_text,
                                               const std::string& origin) {
  std::vector<KnownFinding> findings;
  try {
    const nlohmann::json document = nlohmann::json::parse(json_text);
    for (const nlohmann::json& entry : document.at("findings")) {
      KnownFinding finding;
      finding.id = entry.at("id").get<std::string>();
      finding.adapter = entry.at("adapter").get<std::string>();
      finding.case_pattern = entry.at("case").get<std::string>();
      finding.criterion = entry.at("criterion").get<std::string>();
      finding.psnr_min = entry.at("psnr_range").at(0).get<double>();
      finding.psnr_max = entry.at("psnr_range").at(1).get<double>();
      finding.library_version = entry.at("library_version").get<std::string>();
      finding.explanation = entry.at("explanation").get<std::string>();
      finding.reason = entry.at("reason").get<std::string>();
      if (finding.criterion != "psnr" && finding.criterion != "border" &&
          finding.criterion != "tile") {
        throw Error("finding " + finding.id + ": criterion '" + finding.criterion +
                    "' is none of psnr, border, tile");
      }
      if (!(finding.psnr_min <= finding.psnr_max)) {
        throw Error("finding " + finding.id + ": its range is empty");
      }
      findings.push_back(std::move(finding));
    }
  } catch (const nlohmann::json::exception& error) {
    throw Error(origin + ": not a list of known findings (" + error.what() + ")");
  } catch (const Error& error) {
    throw Error(origin + ": " + error.what());
  }
  return findings;
}

const std::vector<KnownFinding>& known_findings() {
  static const std::vector<KnownFinding> findings = [] {
    const char* path = std::getenv("IMGBENCH_KNOWN_FINDINGS");
    if (!path || !*path) return parse_known_findings(kKnownFindingsJson, "known_findings.json");
    std::ifstream file(path);
    if (!file) throw Error(std::string(path) + ": cannot read the known findings");
    std::ostringstream text;
    text << file.rdbuf();
    return parse_known_findings(text.str(), path);
  }();
  return findings;
}

bool matches_case(std::string_view pattern, std::string_view name) {
  // Glob with '*' alone, matched greedily with backtracking to the last star.
  std::size_t p = 0, n = 0, star = std::string_view::npos, resume = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      resume = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

void apply_known_findings(Verdict& verdict, std::string_view case_name, std::string_view adapter,
                          std::string_view library_version,
                          const std::vector<KnownFinding>& findings) {
  if (verdict.status != VerdictStatus::pass && verdict.status != VerdictStatus::fail) return;
  if (verdict.failed == "known-finding") return;  // judged already
  // The finding for this case measured with this library version, else the first for this case
  // (which then says it was measured with another one).
  const KnownFinding* match = nullptr;
  for (const KnownFinding& finding : findings) {
    if (finding.adapter != adapter || !matches_case(finding.case_pattern, case_name)) continue;
    if (!match ||
        (match->library_version != library_version && finding.library_version == library_version)) {
      match = &finding;
    }
  }
  if (!match) return;
  const KnownFinding& finding = *match;
  if (finding.library_version != library_version) {
    stale(verdict, finding,
          "was measured with " + finding.adapter + " " + finding.library_version + ", this is " +
              std::string(library_version));
  } else if (verdict.passed()) {
    stale(verdict, finding, "passes now");
  } else if (verdict.failed != finding.criterion) {
    stale(verdict, finding,
          "fails on another criterion now (" + verdict.failed + ", not " + finding.criterion +
              ": " + verdict.detail + ")");
  } else if (!(verdict.failed_psnr >= finding.psnr_min &&
               verdict.failed_psnr <= finding.psnr_max)) {
    stale(verdict, finding,
          "moved out of its range: " + psnr_text(verdict.failed_psnr) + ", not in " +
              range_text(finding));
  } else {
    verdict.status = VerdictStatus::known;
    verdict.known_finding = finding;
    verdict.detail = "known finding " + finding.id + ": " + finding.reason + " (" + verdict.detail +
                     "; measured range " + range_text(finding) + ", " + finding.explanation + ")";
  }
}

nlohmann::json known_finding_json(const KnownFinding& finding) {
  return {{"id", finding.id},
          {"adapter", finding.adapter},
          {"case", finding.case_pattern},
          {"criterion", finding.criterion},
          {"psnr_min", finding.psnr_min},
          {"psnr_max", finding.psnr_max},
          {"library_version", finding.library_version},
          {"explanation", finding.explanation},
          {"reason", finding.reason}};
}

}  // namespace imgbench::reference
