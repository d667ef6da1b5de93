#pragma once
// Known findings: library deviations from the canonical semantics that the suite has measured and
// explained (reference/known_findings.json, each with its place in SEMANTICS.md). A case that
// fails as a finding says, within its measured range, is reported as that finding (KNOWN), not
// as a failure. The list is strict, as pytest's strict xfail: a finding that now passes, moves out
// of its range or was measured with another library version fails the case, until the list is
// updated; a library that changed is re-measured, never silently let through.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace imgbench::reference {

struct Verdict;

struct KnownFinding {
  std::string id;            // e.g. "vips-crop-batch-bilinear-clamp"
  std::string adapter;       // the adapter whose library deviates
  std::string case_pattern;  // its cases' names, "<operation>/<adapter>/<image>"; '*' any text
  std::string criterion;     // the criterion it fails: "psnr", "border", "tile", ...
  double psnr_min = 0;       // the measured range of that criterion's PSNR, in dB
  double psnr_max = 0;
  std::string library_version;  // the library version it was measured with (Adapter::version())
  std::string explanation;      // where SEMANTICS.md explains it: "reference/SEMANTICS.md#..."
  std::string reason;           // one sentence, for the table and the page
};

// The declared list; IMGBENCH_KNOWN_FINDINGS names another file to read instead (tests).
// An unreadable or malformed file is an Error naming it.
const std::vector<KnownFinding>& known_findings();
std::vector<KnownFinding> parse_known_findings(std::string_view json_text,
                                               const std::string& origin);

// Whether `name` ("blur:sigma=4/opencv/photo-path") matches `pattern`, '*' matching any text.
bool matches_case(std::string_view pattern, std::string_view name);

// Applies the list to `verdict`, the verdict of case `case_name` run by `adapter` (a library of
// `library_version`): a failure within a finding's range becomes KNOWN; a finding that passes,
// moves out of its range or another criterion, or meets another library version becomes a
// failure whose criterion is "known-finding". Errors and unsupported cases are left as they are.
void apply_known_findings(Verdict& verdict, std::string_view case_name, std::string_view adapter,
                          std::string_view library_version,
                          const std::vector<KnownFinding>& findings = known_findings());

nlohmann::json known_finding_json(const KnownFinding& finding);

}  // namespace imgbench::reference
