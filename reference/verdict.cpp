#include "reference/verdict.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"

namespace imgbench::reference {
namespace {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

// Which criterion the comparison misses first, in the order Tolerance::shortfall() checks them.
void set_failed(Verdict& verdict) {
  const Comparison& c = verdict.comparison;
  const Tolerance& t = verdict.tolerance;
  if (!c.same_shape) {
    verdict.failed = "shape";
    verdict.failed_psnr = verdict.failed_threshold = kNone;
  } else if (t.exact()) {
    verdict.failed = "exact";
    verdict.failed_psnr = c.psnr;
    verdict.failed_threshold = Tolerance::kExact;
  } else if (!(c.psnr >= t.min_psnr)) {
    verdict.failed = "psnr";
    verdict.failed_psnr = c.psnr;
    verdict.failed_threshold = t.min_psnr;
  } else if (!(c.psnr_border >= t.min_border_psnr)) {
    verdict.failed = "border";
    verdict.failed_psnr = c.psnr_border;
    verdict.failed_threshold = t.min_border_psnr;
  } else {
    verdict.failed = "tile";
    verdict.failed_psnr = c.psnr_tile;
    verdict.failed_threshold = t.min_tile_psnr;
  }
}

}  // namespace

std::string edge_note(BorderEdge edge) {
  return edge == BorderEdge::none ? "" : " (" + std::string(to_string(edge)) + ")";
}

std::string_view to_string(VerdictStatus status) {
  switch (status) {
    case VerdictStatus::pass: return "PASS";
    case VerdictStatus::fail: return "FAIL";
    case VerdictStatus::known: return "KNOWN";
    case VerdictStatus::unsupported: return "unsupported";
    case VerdictStatus::error: return "ERROR";
  }
  return "?";
}

std::string Verdict::message() const {
  const std::string where = stage.empty() ? "" : " " + stage;
  if (status == VerdictStatus::pass) return "";
  if (status == VerdictStatus::unsupported) return "unsupported: " + detail;
  if (status == VerdictStatus::known) return detail;
  if (!measured || failed == "header" || failed == "known-finding")
    return "verification failed" + where + ": " + detail;
  char text[256];
  std::snprintf(text, sizeof text,
                "verification failed%s: PSNR %.2f dB, max diff %d, border band %.2f dB%s, worst "
                "tile %.2f dB (tolerance: %s%.2f dB; failed: ",
                where.c_str(), comparison.psnr, comparison.max_diff, comparison.psnr_border,
                edge_note(comparison.border_edge).c_str(), comparison.psnr_tile,
                tolerance.exact() ? "exact, " : ">= ", tolerance.min_psnr);
  return text + detail + ")";
}

Verdict judge(const Image& expected, const Image& actual, const Tolerance& tolerance,
              std::string stage) {
  Verdict verdict;
  verdict.stage = std::move(stage);
  verdict.tolerance = tolerance;
  verdict.comparison = compare(expected, actual, tolerance);
  verdict.measured = true;
  verdict.detail = tolerance.shortfall(verdict.comparison);
  verdict.status = verdict.detail.empty() ? VerdictStatus::pass : VerdictStatus::fail;
  if (!verdict.comparison.same_shape) {
    verdict.detail =
        "output " + to_string(actual.shape()) + ", expected " + to_string(expected.shape());
  }
  if (!verdict.passed()) set_failed(verdict);
  return verdict;
}

Verdict judge_jpeg(const Bytes& expected, const Bytes& actual, const Tolerance& tolerance,
                   std::string stage) {
  const std::string header =
      compare_jpeg_headers(parse_jpeg_header(expected), parse_jpeg_header(actual));
  Verdict verdict = judge(decode_jpeg(expected, "expected JPEG"),
                          decode_jpeg(actual, "encoded output"), tolerance, std::move(stage));
  if (!header.empty()) fail_on_header(verdict, header);
  return verdict;
}

void fail_on_header(Verdict& verdict, std::string difference) {
  verdict.status = VerdictStatus::fail;
  verdict.failed = "header";
  verdict.failed_psnr = verdict.failed_threshold = kNone;
  verdict.detail = std::move(difference);
}

Verdict error_verdict(std::string detail, std::string stage) {
  Verdict verdict;
  verdict.status = VerdictStatus::error;
  verdict.detail = std::move(detail);
  verdict.stage = std::move(stage);
  return verdict;
}

Verdict unsupported_verdict(std::string reason) {
  Verdict verdict;
  verdict.status = VerdictStatus::unsupported;
  verdict.detail = std::move(reason);
  return verdict;
}

nlohmann::json json_number(double value) {
  if (std::isnan(value)) return nullptr;
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return value;
}

nlohmann::json verdict_json(const Verdict& verdict) {
  const Comparison& c = verdict.comparison;
  const Tolerance& t = verdict.tolerance;
  nlohmann::json json = {
      {"status", std::string(to_string(verdict.status))},
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
    json["border_edge"] = c.border_edge == BorderEdge::none
                              ? nlohmann::json(nullptr)
                              : nlohmann::json(std::string(to_string(c.border_edge)));
    json["psnr_tile"] = json_number(c.psnr_tile);
    json["max_diff"] = c.max_diff;
  }
  if (verdict.known_finding) json["known_finding"] = known_finding_json(*verdict.known_finding);
  if (!verdict.failed.empty()) {
    json["failed"] = verdict.failed;
    json["failed_psnr"] = json_number(verdict.failed_psnr);
    json["failed_threshold"] = json_number(verdict.failed_threshold);
  }
  return json;
}

}  // namespace imgbench::reference
