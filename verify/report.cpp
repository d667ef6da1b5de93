#include "verify/report.hpp"

#include <cmath>
#include <cstdio>
#include <map>

#include "core/json.hpp"

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
  if (outcome.status == Status::fail) return "FAIL (caught)";
  if (outcome.same_as_canonical) return status + " (same pixels as the canonical mapping here)";
  if (!outcome.synthetic_image) return status + " (this photo cannot tell them apart)";
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
      << pad("border", 9) << pad("tile", 9) << pad("maxdiff", 8) << pad("tolerance", 21)
      << "result\n";
}

void print_table_row(std::ostream& out, const Outcome& outcome) {
  const std::string who =
      outcome.variant.empty() ? outcome.adapter : outcome.adapter + "/" + outcome.variant;
  const bool measured = outcome.status == Status::pass || outcome.status == Status::fail;
  out << pad(who, 34) << pad(outcome.operation, 36) << pad(outcome.image, 28)
      << pad(measured ? format_psnr(outcome.comparison.psnr) : "-", 9)
      << pad(measured ? format_psnr(outcome.comparison.psnr_border) : "-", 9)
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
    counts[(outcome.variant.empty() ? "canonical " : "variant ") +
           std::string(to_string(outcome.status))]++;
  }
  out << "\nsummary:";
  for (const auto& [what, count] : counts) out << "  " << what << " " << count;
  out << "\n";
  const auto problems = find_problems(report);
  if (problems.empty()) {
    out << "verify: every supported canonical case PASSED; every known-wrong variant was caught\n";
    return;
  }
  out << "verify: " << problems.size() << " problem(s):\n";
  for (const auto& problem : problems) out << "  " << problem << "\n";
}

void write_json(std::ostream& out, const Report& report, const JsonContext& context) {
  out << "{\"context\": {";
  bool first = true;
  for (const auto& [key, value] : context) {
    out << (first ? "\n" : ",\n") << "  " << json_quote(key) << ": " << json_quote(value);
    first = false;
  }
  out << "\n}, \"outcomes\": [";
  first = true;
  for (const auto& o : report.outcomes) {
    const bool measured = o.status == Status::pass || o.status == Status::fail;
    auto metric = [&](double value) { return measured ? json_number(value) : std::string("null"); };
    out << (first ? "\n" : ",\n") << "  {\"adapter\": " << json_quote(o.adapter)
        << ", \"variant\": " << json_quote(o.variant) << ", \"image\": " << json_quote(o.image)
        << ", \"operation\": " << json_quote(o.operation) << ", \"kind\": " << json_quote(o.kind)
        << ", \"status\": " << json_quote(std::string(to_string(o.status)))
        << ", \"psnr\": " << metric(o.comparison.psnr)
        << ", \"psnr_border\": " << metric(o.comparison.psnr_border)
        << ", \"psnr_tile\": " << metric(o.comparison.psnr_tile)
        << ", \"tile_x\": " << (measured ? std::to_string(o.comparison.tile_x) : "null")
        << ", \"tile_y\": " << (measured ? std::to_string(o.comparison.tile_y) : "null")
        << ", \"max_diff\": " << (measured ? std::to_string(o.comparison.max_diff) : "null")
        << ", \"mean_error\": " << metric(o.comparison.mean_error)
        << ", \"tolerance_psnr\": " << json_number(o.tolerance.min_psnr)
        << ", \"tolerance_border_psnr\": " << json_number(o.tolerance.min_border_psnr)
        << ", \"tolerance_tile_psnr\": " << json_number(o.tolerance.min_tile_psnr)
        << ", \"border_band\": " << o.tolerance.border_band
        << ", \"same_as_canonical\": " << (o.same_as_canonical ? "true" : "false")
        << ", \"synthetic_image\": " << (o.synthetic_image ? "true" : "false")
        << ", \"problem\": " << (o.is_problem() ? "true" : "false")
        << ", \"detail\": " << json_quote(o.detail) << "}";
    first = false;
  }
  out << "\n], \"agreements\": [";
  first = true;
  for (const auto& a : report.agreements) {
    out << (first ? "\n" : ",\n") << "  {\"image\": " << json_quote(a.image)
        << ", \"operation\": " << json_quote(a.operation) << ", \"a\": " << json_quote(a.adapter_a)
        << ", \"b\": " << json_quote(a.adapter_b) << ", \"psnr\": " << json_number(a.psnr)
        << ", \"max_diff\": " << a.max_diff << "}";
    first = false;
  }
  out << "\n]}\n";
}

}  // namespace imgbench::verify
