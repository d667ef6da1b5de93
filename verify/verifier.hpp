#pragma once
// Runs every (adapter, operation, test image) case against the reference and says whether the
// adapter computed the canonical operation. Nothing may be timed before it passed here.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "images/catalog.hpp"
#include "reference/metrics.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::verify {

enum class Status { pass, fail, unsupported, error };
std::string_view to_string(Status status);

struct Outcome {
  std::string adapter;
  std::string variant;  // empty for the canonical mapping
  std::string image;
  std::string operation;  // the matrix label
  std::string kind;       // operation family
  Status status = Status::error;
  reference::Comparison comparison;
  reference::Tolerance tolerance;
  std::string detail;  // why unsupported, the error, or the header difference

  // A known-wrong variant that passed means the tolerance failed to catch it.
  bool is_problem() const;
};

struct Selection {
  std::vector<std::string> operations;  // empty: all (see selects())
  bool variants = false;                // also run every adapter's known-wrong variants
};

using OutcomeSink = std::function<void(const Outcome&)>;

// Verifies `adapters` on each image in turn; each outcome goes to `sink` as soon as it is known.
// A test image that cannot be read gives one error outcome and the run goes on.
std::vector<Outcome> verify_images(const std::vector<const Adapter*>& adapters,
                                   const std::vector<images::TestImage>& images,
                                   const Selection& selection, const OutcomeSink& sink = {});

}  // namespace imgbench::verify
