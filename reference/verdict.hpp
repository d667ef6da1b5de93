#pragma once
// The one judgement of an output against the reference, used by `verify` and by every benchmark
// before it is timed. Its fields travel as fields (into `verify --json`, the benchmark result
// file, the store and the page); message() is for people only, and nothing parses it.
#include <nlohmann/json.hpp>

#include <optional>
#include <string>

#include "core/file_io.hpp"
#include "core/image.hpp"
#include "reference/known_findings.hpp"
#include "reference/metrics.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::reference {

// " (left)": the edge whose band a border PSNR was measured on, for messages ("" for none).
std::string edge_note(BorderEdge edge);

// known: a failure that a declared known finding explains, within its measured range
// (reference/known_findings.hpp): reported as that finding, not as a failure, and never timed.
enum class VerdictStatus { pass, fail, known, unsupported, error };
// "PASS", "FAIL", "KNOWN", "unsupported", "ERROR"
std::string_view to_string(VerdictStatus status);

struct Verdict {
  VerdictStatus status = VerdictStatus::error;
  Comparison comparison;  // measured when the adapter produced an output
  Tolerance tolerance;
  bool measured = false;  // comparison holds a measurement
  // The criterion that failed: "shape", "exact", "psnr", "border", "tile", "header", or
  // "known-finding" for a known finding that no longer holds ("" if none), with its measured PSNR
  // and threshold (NaN where the criterion has none).
  std::string failed;
  double failed_psnr = 0;
  double failed_threshold = 0;
  std::string stage;   // where in a sequence: "", "before the encode", "after the encode", ...
  std::string detail;  // for people: the shortfall, the error, the header difference, the reason
  // The known finding this verdict is (KNOWN), or that no longer holds (failed "known-finding").
  std::optional<KnownFinding> known_finding;

  bool passed() const { return status == VerdictStatus::pass; }
  // One line: "verification failed before the encode: PSNR 41.20 dB, ... (tolerance: >= 48.00 dB;
  // failed: left border band 30.10 dB < 46.00 dB)", the known finding, or the error.
  std::string message() const;
};

// `actual` against `expected`, with `tolerance`'s criteria.
Verdict judge(const Image& expected, const Image& actual, const Tolerance& tolerance,
              std::string stage = "");
// Two JPEG files of the same image: their header fields must be equal, then their canonical
// decodes are judged with `tolerance`.
Verdict judge_jpeg(const Bytes& expected, const Bytes& actual, const Tolerance& tolerance,
                   std::string stage = "");
// Fails a verdict on a difference between two JPEG headers (the quantisation tables, say).
void fail_on_header(Verdict& verdict, std::string difference);
// A case that produced no output: the adapter threw, or does not support it.
Verdict error_verdict(std::string detail, std::string stage = "");
Verdict unsupported_verdict(std::string reason);

// A number as JSON, infinities as the strings "inf" and "-inf" (JSON has none), NaN as null.
nlohmann::json json_number(double value);
// Every field of a verdict: status, stage, the measures, the tolerance, the failed criterion with
// its PSNR and threshold, and the detail.
nlohmann::json verdict_json(const Verdict& verdict);

}  // namespace imgbench::reference
