#include "verify/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

namespace imgbench::verify {
namespace {

std::string pad(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string tolerance_text(const reference::Tolerance& tolerance) {
  if (tolerance.exact()) return "exact";
  std::string text = ">=" + format_psnr(tolerance.min_psnr);
  // Then the border band's and the worst tile's thresholds, where judged: ">=48.00/46.00/30.00".
  for (const double local : {tolerance.min_border_psnr, tolerance.min_tile_psnr}) {
    if (local == reference::Tolerance::kNotJudged) continue;
    text += '/';
    text += format_psnr(local);
  }
  return text;
}

std::string status_text(const Outcome& outcome) {
  const std::string status(to_string(outcome.status));
  if (outcome.variant.empty()) return status;
  if (outcome.approximation) return status + " (an approximation by design, measured)";
  if (outcome.status == Status::fail) return "FAIL (caught)";
  if (outcome.same_as_canonical) return status + " (same pixels as the canonical mapping here)";
  if (outcome.hidden_by_photo()) {
    return status + " (this photo cannot tell them apart: max diff " +
           std::to_string(outcome.comparison.max_diff) + ", the exact mappings' up to " +
           std::to_string(outcome.exact_max_diff) + ")";
  }
  return status + " (NOT caught)";
}

}  // namespace

std::string format_psnr(double psnr) {
  if (std::isnan(psnr)) return "n/a";
  if (std::isinf(psnr)) return psnr > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.2f", psnr);
  return text;
}

void print_table_header(std::ostream& out) {
  out << pad("adapter", 34) << pad("operation", 36) << pad("image", 28) << pad("PSNR", 9)
      << pad("border", 9) << pad("edge", 7) << pad("tile", 9) << pad("maxdiff", 8)
      << pad("tolerance", 21) << "result\n";
}

void print_table_row(std::ostream& out, const Outcome& outcome) {
  const std::string who =
      outcome.variant.empty() ? outcome.adapter : outcome.adapter + "/" + outcome.variant;
  const bool measured = outcome.measured;
  const std::string edge(reference::to_string(outcome.comparison.border_edge));
  out << pad(who, 34) << pad(outcome.operation, 36) << pad(outcome.image, 28)
      << pad(measured ? format_psnr(outcome.comparison.psnr) : "-", 9)
      << pad(measured ? format_psnr(outcome.comparison.psnr_border) : "-", 9)
      << pad(measured && !edge.empty() ? edge : "-", 7)
      << pad(measured ? format_psnr(outcome.comparison.psnr_tile) : "-", 9)
      << pad(measured ? std::to_string(outcome.comparison.max_diff) : "-", 8)
      << pad(tolerance_text(outcome.tolerance), 21) << status_text(outcome);
  if (!outcome.detail.empty()) out << "  (" << outcome.detail << ")";
  out << "\n";
  out.flush();
}

void print_summary(std::ostream& out, const Report& report) {
  std::map<std::string, int> counts;
  for (const auto& outcome : report.outcomes) {
    const char* kind = outcome.variant.empty() ? "canonical "
                       : outcome.approximation ? "approximation "
                                               : "variant ";
    counts[kind + std::string(to_string(outcome.status))]++;
  }
  out << "\nsummary:";
  for (const auto& [what, count] : counts) out << "  " << what << " " << count;
  out << "\n";
  const auto problems = find_problems(report);
  if (problems.empty()) {
    out << "verify: every supported canonical case PASSED";
    if (counts["canonical KNOWN"] > 0) {
      out << " or is a known finding (" << counts["canonical KNOWN"] << ", listed in "
          << "reference/known_findings.json)";
    }
    out << "; every known-wrong variant was caught where it computes something else";
    const auto hidden = std::count_if(report.outcomes.begin(), report.outcomes.end(),
                                      [](const Outcome& o) { return o.hidden_by_photo(); });
    if (hidden > 0) out << " (" << hidden << " hidden by a photo that cannot tell them apart)";
    out << "\n";
    return;
  }
  out << "verify: " << problems.size() << " problem(s):\n";
  for (const auto& problem : problems) out << "  " << problem << "\n";
}

void write_json(std::ostream& out, const Report& report, const JsonContext& context) {
  using nlohmann::json;
  using reference::json_number;
  json document = {{"format_version", kVerifyFormatVersion},
                   {"context", json::object()},
                   {"outcomes", json::array()},
                   {"agreements", json::array()}};
  for (const auto& [key, value] : context) document["context"][key] = value;
  for (const auto& o : report.outcomes) {
    const bool measured = o.measured;
    auto metric = [&](double value) { return measured ? json_number(value) : json(nullptr); };
    auto integer = [&](int value) { return measured ? json(value) : json(nullptr); };
    // The flat fields, and the whole verdict as the benchmarks' result files carry it.
    document["outcomes"].push_back(
        {{"adapter", o.adapter},
         {"variant", o.variant},
         {"image", o.image},
         {"operation", o.operation},
         {"kind", o.kind},
         {"status", std::string(to_string(o.status))},
         {"psnr", metric(o.comparison.psnr)},
         {"psnr_border", metric(o.comparison.psnr_border)},
         {"border_edge", verdict_json(o).value("border_edge", nlohmann::json(nullptr))},
         {"psnr_tile", metric(o.comparison.psnr_tile)},
         {"tile_x", integer(o.comparison.tile_x)},
         {"tile_y", integer(o.comparison.tile_y)},
         {"max_diff", integer(o.comparison.max_diff)},
         {"mean_error", metric(o.comparison.mean_error)},
         {"tolerance_psnr", json_number(o.tolerance.min_psnr)},
         {"tolerance_border_psnr", json_number(o.tolerance.min_border_psnr)},
         {"tolerance_tile_psnr", json_number(o.tolerance.min_tile_psnr)},
         {"border_band", o.tolerance.border_band},
         {"same_as_canonical", o.same_as_canonical},
         {"synthetic_image", o.synthetic_image},
         {"approximation", o.approximation},
         {"exact_max_diff", o.exact_max_diff},
         {"problem", o.is_problem()},
         {"detail", o.detail},
         {"verdict", verdict_json(o)}});
  }
  for (const auto& a : report.agreements) {
    document["agreements"].push_back({{"image", a.image},
                                      {"operation", a.operation},
                                      {"a", a.adapter_a},
                                      {"b", a.adapter_b},
                                      {"psnr", json_number(a.psnr)},
                                      {"max_diff", a.max_diff}});
  }
  out << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace imgbench::verify
