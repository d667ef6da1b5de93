#include "bench/verified_case.hpp"

#include <cstdio>
#include <exception>

#include "reference/tolerances.hpp"

namespace imgbench::bench {

Verdict verify_case(const Adapter& adapter, const Image& input, const Transform& transform,
                    const Image& expected) {
  Verdict verdict;
  const Operation op = to_operation(transform);
  const reference::Tolerance tolerance = reference::tolerance_for(kind_name(op));
  try {
    const NativePtr native = adapter.import_image(input);
    const Image actual = adapter.export_image(*adapter.apply(*native, transform));
    verdict.comparison = reference::compare(expected, actual, tolerance.border);
    verdict.passed = tolerance.passes(verdict.comparison);
    if (!verdict.passed) {
      char text[160];
      std::snprintf(text, sizeof text,
                    "verification failed: PSNR %.2f dB, max diff %d (tolerance: %s%.2f dB)",
                    verdict.comparison.psnr, verdict.comparison.max_diff,
                    tolerance.exact() ? "exact, " : ">= ", tolerance.min_psnr);
      verdict.message = text;
    }
  } catch (const std::exception& error) {
    verdict.message = std::string("verification failed: ") + error.what();
  }
  return verdict;
}

}  // namespace imgbench::bench
