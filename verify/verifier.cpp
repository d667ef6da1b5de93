#include "verify/verifier.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/overloaded.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"
#include "reference/kernels.hpp"
#include "reference/known_findings.hpp"
#include "reference/operations.hpp"
#include "verify/matrix.hpp"

namespace imgbench::verify {
namespace {

// The output of one case, from the reference or from an adapter. For encode the pixels are the
// encoded file decoded by the canonical decoder, and the header is kept for the field checks.
struct Produced {
  Image pixels;
  std::optional<reference::JpegHeader> header;
};

Produced from_jpeg(const Bytes& jpeg) {
  return {reference::decode_jpeg(jpeg, "encoded output"), reference::parse_jpeg_header(jpeg)};
}

Produced expected_output(const Operation& op, const Image& source) {
  return std::visit(
      Overloaded{
          [&](const Decode&) {
            return Produced{source, std::nullopt};
          },
          [&](const EncodeJpeg& e) { return from_jpeg(reference::encode_jpeg(source, e.quality)); },
          [&](const auto& transform) {
            return Produced{reference::apply(source, transform), std::nullopt};
          },
      },
      op);
}

// One image's state while it is verified: its bytes, canonical pixels, and each adapter's native
// copy of those pixels (imported once, reused by every operation).
class ImageCase {
 public:
  ImageCase(const std::string& path, Bytes file)
      : file_(std::move(file)), source_(reference::decode_image(file_, path)) {}

  const Image& source() const { return source_; }

  Produced run(const Adapter& adapter, const Variant* variant, const Operation& op) {
    if (std::holds_alternative<Decode>(op)) {
      // A Variant has no decode call: refuse rather than silently run the canonical one.
      if (variant)
        throw Error("variant " + variant->name + " claims decode, which variants cannot");
      return {adapter.export_image(*adapter.decode(file_)), {}};
    }
    const NativeImage& input = native(adapter);
    if (const auto* encode = std::get_if<EncodeJpeg>(&op)) {
      return from_jpeg(variant ? variant->encode(input, *encode)
                               : adapter.encode_jpeg(input, *encode));
    }
    const Transform transform = *as_transform(op);  // decode and encode are handled above
    NativePtr output =
        variant ? variant->transform(input, transform) : adapter.apply(input, transform);
    return {adapter.export_image(*output), {}};
  }

 private:
  const NativeImage& native(const Adapter& adapter) {
    auto& slot = natives_[&adapter];
    if (!slot) slot = adapter.import_image(source_);
    return *slot;
  }

  Bytes file_;
  Image source_;
  std::map<const Adapter*, NativePtr> natives_;
};

Outcome judge(Outcome outcome, const Produced& expected, const Produced& actual) {
  reference::Verdict& verdict = outcome;
  verdict = reference::judge(expected.pixels, actual.pixels, outcome.tolerance);
  if (expected.header && actual.header) {
    const std::string difference =
        reference::compare_jpeg_headers(*expected.header, *actual.header);
    if (!difference.empty()) reference::fail_on_header(verdict, difference);
  }
  return outcome;
}

// A case's verdict, and what the adapter produced (when it ran): variants are compared with it,
// and libraries with each other.
struct CaseResult {
  Outcome outcome;
  std::optional<Produced> produced;
};

CaseResult run_case(ImageCase& image_case, const Adapter& adapter, const Variant* variant,
                    const MatrixOperation& op, const Produced& expected, Outcome outcome) {
  outcome.variant = variant ? variant->name : "";
  if (!variant) {
    const Support support = adapter.supports(op.operation, image_case.source().shape());
    if (!support.supported) {
      outcome.status = Status::unsupported;
      outcome.detail = support.reason;
      return {outcome, std::nullopt};
    }
  }
  try {
    Produced produced = image_case.run(adapter, variant, op.operation);
    return {judge(outcome, expected, produced), std::move(produced)};
  } catch (const std::exception& error) {
    outcome.status = Status::error;
    outcome.detail = error.what();
    return {outcome, std::nullopt};
  }
}

// Every pair of libraries that both produced an output for this case (the reference excluded:
// the main table already compares each library with it).
void add_agreements(const std::vector<std::pair<std::string, Image>>& outputs, const Outcome& blank,
                    std::vector<Agreement>& agreements) {
  for (std::size_t a = 0; a < outputs.size(); ++a) {
    for (std::size_t b = a + 1; b < outputs.size(); ++b) {
      const auto comparison = reference::compare_whole(outputs[a].second, outputs[b].second);
      agreements.push_back({blank.image, blank.operation, outputs[a].first, outputs[b].first,
                            comparison.psnr, comparison.max_diff});
    }
  }
}

}  // namespace

std::string case_name(const Outcome& outcome) {
  return outcome.operation + "/" + outcome.adapter + "/" + outcome.image;
}

bool Outcome::hidden_by_photo() const {
  return !variant.empty() && status == Status::pass && !same_as_canonical && !synthetic_image &&
         measured && comparison.max_diff <= exact_max_diff;
}

bool Outcome::is_problem() const {
  // A known-wrong call must fail on every image, unless it computes exactly the canonical pixels
  // there (a nominal scale that happens to be exact for this size), or the image is a photo too
  // smooth to tell: where no pixel differs from the reference by more than the exact mappings
  // themselves do. An approximation by design is measured, never required to fail.
  if (approximation) return status == Status::error;
  if (!variant.empty()) return status == Status::pass && !same_as_canonical && !hidden_by_photo();
  return status == Status::fail || status == Status::error;
}

Report verify_images(const std::vector<const Adapter*>& adapters,
                     const std::vector<images::TestImage>& images, const Selection& selection,
                     const OutcomeSink& sink) {
  Report report;
  auto emit = [&](Outcome outcome) {
    if (sink) sink(outcome);
    report.outcomes.push_back(std::move(outcome));
  };
  for (const auto& image : images) {
    auto load_failure = [&](const std::string& detail) {
      Outcome failed;
      failed.adapter = "-";
      failed.image = image.name;
      failed.operation = failed.kind = "load";
      failed.detail = detail;
      emit(failed);
    };
    if (const std::string* cause = selection.quarantine.cause(image.path, "reference")) {
      load_failure(*cause);
      continue;
    }
    std::optional<ImageCase> image_case;
    try {
      image_case.emplace(image.path, read_file(image.path));
    } catch (const std::exception& error) {
      load_failure(error.what());
      continue;
    }
    for (const MatrixOperation& op : matrix_for(image, image_case->source().shape())) {
      if (!selection.operations.empty() &&
          std::none_of(selection.operations.begin(), selection.operations.end(),
                       [&](const std::string& filter) { return selects(filter, op); })) {
        continue;
      }
      Outcome blank;
      blank.image = image.name;
      blank.operation = op.label;
      blank.kind = kind_name(op.operation);
      blank.tolerance = reference::tolerance_for(op.operation);
      blank.synthetic_image = image.synthetic;
      Produced expected;
      try {
        expected = expected_output(op.operation, image_case->source());
      } catch (const std::exception& error) {  // e.g. an operation this image is too small for
        blank.adapter = "reference";
        blank.detail = error.what();
        emit(blank);
        continue;
      }
      std::vector<std::pair<std::string, Image>> library_outputs;
      // The variants are emitted once every canonical mapping has run: each is judged against
      // how far the exact mappings differ (Outcome::exact_max_diff).
      std::vector<Outcome> variant_outcomes;
      int exact_max_diff = -1;
      for (const Adapter* adapter : adapters) {
        blank.adapter = std::string(adapter->name());
        if (const std::string* cause = selection.quarantine.cause(image.path, blank.adapter)) {
          Outcome quarantined = blank;
          quarantined.status = Status::error;
          quarantined.detail = *cause;
          emit(quarantined);
          continue;
        }
        CaseResult canonical = run_case(*image_case, *adapter, nullptr, op, expected, blank);
        reference::apply_known_findings(canonical.outcome, case_name(canonical.outcome),
                                        adapter->name(), adapter->version());
        if (canonical.outcome.passed()) {
          exact_max_diff = std::max(exact_max_diff, canonical.outcome.comparison.max_diff);
        }
        emit(canonical.outcome);
        if (selection.variants) {
          for (const Variant& variant : adapter->variants()) {
            if (!variant.matches(op.operation)) continue;
            CaseResult wrong = run_case(*image_case, *adapter, &variant, op, expected, blank);
            wrong.outcome.approximation = variant.approximation;
            wrong.outcome.same_as_canonical =
                canonical.produced && wrong.produced &&
                wrong.produced->pixels.same_pixels(canonical.produced->pixels);
            variant_outcomes.push_back(std::move(wrong.outcome));
          }
        }
        if (canonical.produced && adapter->name() != "reference") {
          library_outputs.emplace_back(adapter->name(), std::move(canonical.produced->pixels));
        }
      }
      for (Outcome& variant : variant_outcomes) {
        variant.exact_max_diff = exact_max_diff;
        emit(std::move(variant));
      }
      add_agreements(library_outputs, blank, report.agreements);
    }
  }
  return report;
}

std::vector<std::string> find_problems(const Report& report) {
  std::vector<std::string> problems;
  std::map<std::string, int> caught;  // "adapter/variant" -> images where it FAILed
  for (const auto& outcome : report.outcomes) {
    if (!outcome.variant.empty() && !outcome.approximation) {
      caught[outcome.adapter + "/" + outcome.variant] += outcome.status == Status::fail;
    }
    if (outcome.is_problem()) {
      problems.push_back(outcome.adapter + (outcome.variant.empty() ? "" : "/" + outcome.variant) +
                         " " + outcome.operation + " on " + outcome.image + ": " +
                         std::string(to_string(outcome.status)) +
                         (outcome.detail.empty() ? "" : " (" + outcome.detail + ")"));
    }
  }
  for (const auto& [variant, failures] : caught) {
    if (failures == 0) problems.push_back(variant + ": known-wrong variant never caught");
  }
  return problems;
}

}  // namespace imgbench::verify
