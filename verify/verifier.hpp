#pragma once
// Runs every (adapter, operation, test image) case against the reference and says whether the
// adapter computed the canonical operation. Nothing may be timed before it passed here.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/quarantine.hpp"
#include "images/catalog.hpp"
#include "reference/metrics.hpp"
#include "reference/tolerances.hpp"
#include "reference/verdict.hpp"

namespace imgbench::verify {

using Status = reference::VerdictStatus;
using reference::to_string;

// A case of the matrix: which one, and the verdict of the one verification engine
// (reference/verdict.hpp) that the benchmarks use too.
struct Outcome : reference::Verdict {
  std::string adapter;
  std::string variant;  // empty for the canonical mapping
  std::string image;
  std::string operation;           // its text form
  std::string kind;                // the operation's name
  bool same_as_canonical = false;  // a variant whose output equals the canonical mapping's
  bool synthetic_image = false;    // the images built to tell semantics apart (photos cannot)
  bool approximation = false;      // a variant that is an approximation by design, not a mistake
  // The largest difference from the reference of any passing canonical mapping of this case (-1:
  // none passed): how far the exact mappings themselves differ, the most a photo may hide.
  int exact_max_diff = -1;

  // A known-wrong variant that passed means the tolerance failed to catch it, unless it is the
  // canonical pixels or a photo hides it (its largest difference within exact_max_diff).
  bool is_problem() const;
  // A variant that passed on a photo that cannot tell it from the canonical mapping.
  bool hidden_by_photo() const;
};

// "<operation>/<adapter>/<image>": the case's name, as the known findings and the store name it.
std::string case_name(const Outcome& outcome);

struct Selection {
  std::vector<std::string> operations;  // empty: all (see selects())
  bool variants = false;                // also run every adapter's known-wrong variants
  Quarantine quarantine;                // decodes not to try: each is an ERROR with its cause
};

// How closely two libraries agree on the same operation and image (both canonical mappings).
struct Agreement {
  std::string image;
  std::string operation;
  std::string adapter_a, adapter_b;
  double psnr = 0;
  int max_diff = 0;
};

struct Report {
  std::vector<Outcome> outcomes;
  std::vector<Agreement> agreements;
};

using OutcomeSink = std::function<void(const Outcome&)>;

// Verifies `adapters` on each image in turn; each outcome goes to `sink` as soon as it is known.
// A test image that cannot be read gives one error outcome and the run goes on.
Report verify_images(const std::vector<const Adapter*>& adapters,
                     const std::vector<images::TestImage>& images, const Selection& selection,
                     const OutcomeSink& sink = {});

// What makes a run fail: a canonical mapping that FAILed or errored (a KNOWN one, a known finding
// within its range, does not), a known-wrong variant that passed while computing something else
// (Outcome::is_problem), a variant that was never caught. One line each; empty when clean.
std::vector<std::string> find_problems(const Report& report);

}  // namespace imgbench::verify
