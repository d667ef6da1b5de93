#include "verify/verifier.hpp"

#include <map>
#include <optional>

#include "core/file_io.hpp"
#include "core/overloaded.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"
#include "reference/kernels.hpp"
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
    if (std::holds_alternative<Decode>(op))
      return {adapter.export_image(*adapter.decode(file_)), {}};
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
  outcome.comparison = reference::compare(expected.pixels, actual.pixels, outcome.tolerance.border);
  const bool pixels_ok = outcome.tolerance.passes(outcome.comparison);
  if (!outcome.comparison.same_shape) {
    outcome.detail = "output " + to_string(actual.pixels.shape()) + ", expected " +
                     to_string(expected.pixels.shape());
  }
  std::string header_difference;
  if (expected.header && actual.header) {
    header_difference = reference::compare_jpeg_headers(*expected.header, *actual.header);
    if (!header_difference.empty()) outcome.detail = header_difference;
  }
  outcome.status = pixels_ok && header_difference.empty() ? Status::pass : Status::fail;
  return outcome;
}

Outcome run_case(ImageCase& image_case, const Adapter& adapter, const Variant* variant,
                 const MatrixOperation& op, const Produced& expected, Outcome outcome) {
  outcome.variant = variant ? variant->name : "";
  if (!variant) {
    const Support support = adapter.supports(op.operation, image_case.source().shape());
    if (!support.supported) {
      outcome.status = Status::unsupported;
      outcome.detail = support.reason;
      return outcome;
    }
  }
  try {
    return judge(outcome, expected, image_case.run(adapter, variant, op.operation));
  } catch (const std::exception& error) {
    outcome.status = Status::error;
    outcome.detail = error.what();
    return outcome;
  }
}

}  // namespace

std::string_view to_string(Status status) {
  switch (status) {
    case Status::pass: return "PASS";
    case Status::fail: return "FAIL";
    case Status::unsupported: return "unsupported";
    case Status::error: return "ERROR";
  }
  return "?";
}

bool Outcome::is_problem() const {
  if (!variant.empty()) return status == Status::pass;  // a known-wrong call went unnoticed
  return status == Status::fail || status == Status::error;
}

std::vector<Outcome> verify_images(const std::vector<const Adapter*>& adapters,
                                   const std::vector<images::TestImage>& images,
                                   const Selection& selection, const OutcomeSink& sink) {
  std::vector<Outcome> outcomes;
  auto emit = [&](Outcome outcome) {
    if (sink) sink(outcome);
    outcomes.push_back(std::move(outcome));
  };
  for (const auto& image : images) {
    std::optional<ImageCase> image_case;
    try {
      image_case.emplace(image.path, read_file(image.path));
    } catch (const std::exception& error) {
      Outcome failed;
      failed.adapter = "-";
      failed.image = image.name;
      failed.operation = failed.kind = "load";
      failed.detail = error.what();
      emit(failed);
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
      blank.tolerance = reference::tolerance_for(blank.kind);
      Produced expected;
      try {
        expected = expected_output(op.operation, image_case->source());
      } catch (const std::exception& error) {  // e.g. an operation this image is too small for
        blank.adapter = "reference";
        blank.detail = error.what();
        emit(blank);
        continue;
      }
      for (const Adapter* adapter : adapters) {
        blank.adapter = std::string(adapter->name());
        emit(run_case(*image_case, *adapter, nullptr, op, expected, blank));
        if (!selection.variants) continue;
        for (const Variant& variant : adapter->variants()) {
          if (variant.matches(op.operation)) {
            emit(run_case(*image_case, *adapter, &variant, op, expected, blank));
          }
        }
      }
    }
  }
  return outcomes;
}

}  // namespace imgbench::verify
