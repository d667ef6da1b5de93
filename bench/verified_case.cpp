#include "bench/verified_case.hpp"

#include <cstdio>
#include <exception>

#include "bench/sequence.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"
#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::bench {
namespace {

// "verification failed<what>: PSNR 41.20 dB, max diff 55, border band 30.10 dB, worst tile
// 22.00 dB (tolerance: >= 48.00 dB; failed: border band 30.10 dB < 46.00 dB)". The store reads
// the failed criterion's PSNR and threshold back from it (results_store.failed_psnr_and_tolerance).
std::string failure_message(const reference::Comparison& comparison,
                            const reference::Tolerance& tolerance, const char* what) {
  char text[256];
  std::snprintf(text, sizeof text,
                "verification failed%s: PSNR %.2f dB, max diff %d, border band %.2f dB, worst tile "
                "%.2f dB (tolerance: %s%.2f dB; failed: ",
                what, comparison.psnr, comparison.max_diff, comparison.psnr_border,
                comparison.psnr_tile, tolerance.exact() ? "exact, " : ">= ", tolerance.min_psnr);
  return text + tolerance.shortfall(comparison) + ")";
}

// The reference decode of `encoded`, then each step.
Image reference_sequence(std::span<const std::uint8_t> encoded, std::span<const Transform> steps) {
  Image image = reference::decode_image(encoded, "source");
  for (const Transform& step : steps) image = reference::apply(image, step);
  return image;
}

}  // namespace

Verdict verify_case(const Adapter& adapter, const Image& input, const Transform& transform,
                    const Image& expected) {
  Verdict verdict;
  const Operation op = to_operation(transform);
  const reference::Tolerance tolerance = reference::tolerance_for(op);
  try {
    const NativePtr native = adapter.import_image(input);
    const Image actual = adapter.export_image(*adapter.apply(*native, transform));
    verdict.comparison = reference::compare(expected, actual, tolerance);
    verdict.passed = tolerance.passes(verdict.comparison);
    if (!verdict.passed) verdict.message = failure_message(verdict.comparison, tolerance, "");
  } catch (const std::exception& error) {
    verdict.message = std::string("verification failed: ") + error.what();
  }
  return verdict;
}

SequenceCheck check_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                             std::span<const Transform> steps, const char* what) {
  SequenceCheck check;
  Verdict& verdict = check.verdict;
  try {
    check.expected = reference_sequence(encoded, steps);
    // The decode is exact, so the steps after it set the tolerance (none: exact).
    std::vector<Operation> operations;
    for (const Transform& step : steps) operations.push_back(to_operation(step));
    const reference::Tolerance tolerance = reference::tolerance_for_sequence(operations);
    check.actual = run_sequence(adapter, encoded, steps);
    verdict.comparison =
        reference::compare(check.expected, adapter.export_image(*check.actual), tolerance);
    verdict.passed = tolerance.passes(verdict.comparison);
    if (!verdict.passed) verdict.message = failure_message(verdict.comparison, tolerance, what);
  } catch (const std::exception& error) {
    verdict.message = std::string("verification failed: ") + error.what();
  }
  return check;
}

Verdict verify_fast_crop(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                         const Crop& crop, const Resize& resize) {
  Verdict verdict;
  try {
    const Transform steps[] = {crop, resize};
    const Image expected = reference_sequence(jpeg, steps);
    const reference::Tolerance floor = reference::tolerance_for_fast_path();
    verdict.comparison = reference::compare(
        expected, adapter.export_image(*adapter.decode_crop_resize(jpeg, crop, resize)), floor);
    verdict.passed = floor.passes(verdict.comparison);
    if (!verdict.passed) {
      verdict.message = failure_message(verdict.comparison, floor, " in the crop fast path");
    }
  } catch (const std::exception& error) {
    verdict.message = std::string("verification failed: ") + error.what();
  }
  return verdict;
}

Verdict verify_cycle(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                     const FullCycle& cycle) {
  SequenceCheck check = check_sequence(adapter, jpeg, cycle.steps, " before the encode");
  Verdict& verdict = check.verdict;
  if (!verdict.passed) return verdict;
  verdict.passed = false;
  try {
    // The encode: the same header fields as the canonical encoder's (quality tables, sampling,
    // baseline, standard Huffman tables), and pixels close to the reference sequence's JPEG.
    const Bytes jpeg_out = adapter.encode_jpeg(*check.actual, cycle.encode);
    const Bytes canonical = reference::encode_jpeg(check.expected, cycle.encode.quality);
    const std::string header = reference::compare_jpeg_headers(
        reference::parse_jpeg_header(canonical), reference::parse_jpeg_header(jpeg_out));
    if (!header.empty()) {
      verdict.message = "verification failed in the encode: " + header;
      return verdict;
    }
    const reference::Tolerance through_jpeg = reference::tolerance_for_encoded_sequence();
    verdict.comparison =
        reference::compare(reference::decode_jpeg(canonical), reference::decode_jpeg(jpeg_out));
    if (!through_jpeg.passes(verdict.comparison)) {
      verdict.message = failure_message(verdict.comparison, through_jpeg, " after the encode");
      return verdict;
    }
    verdict.passed = true;
  } catch (const std::exception& error) {
    verdict.message = std::string("verification failed: ") + error.what();
  }
  return verdict;
}

}  // namespace imgbench::bench
