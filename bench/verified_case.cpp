#include "bench/verified_case.hpp"

#include <exception>

#include "bench/sequence.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::bench {
namespace {

// The reference decode of `encoded`, then each step.
Image reference_sequence(std::span<const std::uint8_t> encoded, std::span<const Transform> steps) {
  Image image = reference::decode_image(encoded, "source");
  for (const Transform& step : steps) image = reference::apply(image, step);
  return image;
}

}  // namespace

Verdict verify_case(const Adapter& adapter, const Image& input, const Transform& transform,
                    const Image& expected) {
  try {
    const NativePtr native = adapter.import_image(input);
    const Image actual = adapter.export_image(*adapter.apply(*native, transform));
    return reference::judge(expected, actual, reference::tolerance_for(to_operation(transform)));
  } catch (const std::exception& error) {
    return reference::error_verdict(error.what());
  }
}

Verdict verify_approximation(const Adapter& adapter, const Variant& variant, const Image& input,
                             const Transform& transform, const Image& expected) {
  try {
    const NativePtr native = adapter.import_image(input);
    const Image actual = adapter.export_image(*variant.transform(*native, transform));
    return reference::judge(expected, actual, reference::tolerance_for(to_operation(transform)));
  } catch (const std::exception& error) {
    return reference::error_verdict(error.what());
  }
}

SequenceCheck check_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                             std::span<const Transform> steps, const char* stage) {
  SequenceCheck check;
  try {
    check.expected = reference_sequence(encoded, steps);
    // The decode is exact, so the steps after it set the tolerance (none: exact).
    std::vector<Operation> operations;
    for (const Transform& step : steps) operations.push_back(to_operation(step));
    const reference::Tolerance tolerance = reference::tolerance_for_sequence(operations);
    check.actual = run_sequence(adapter, encoded, steps);
    check.verdict =
        reference::judge(check.expected, adapter.export_image(*check.actual), tolerance, stage);
  } catch (const std::exception& error) {
    check.verdict = reference::error_verdict(error.what(), stage);
  }
  return check;
}

Verdict verify_fast_crop(const Adapter& adapter, const Shortcut& fast,
                         std::span<const std::uint8_t> jpeg, std::span<const Transform> steps) {
  constexpr const char* stage = "in the crop fast path";
  try {
    const Image expected = reference_sequence(jpeg, steps);
    return reference::judge(expected, adapter.export_image(*fast.run(jpeg, steps)),
                            reference::tolerance_for_fast_path(), stage);
  } catch (const std::exception& error) {
    return reference::error_verdict(error.what(), stage);
  }
}

Bytes save_shortcut_output(const Adapter& adapter, const Shortcut& shortcut,
                           const NativeImage& image, const EncodeJpeg& save) {
  return shortcut.save ? shortcut.save(image, save) : adapter.encode_jpeg(image, save);
}

Verdict verify_shortcut(const Adapter& adapter, const Shortcut& shortcut,
                        std::span<const std::uint8_t> encoded, std::span<const Transform> steps,
                        const EncodeJpeg& save) {
  const std::string stage = "in the shortcut " + shortcut.name;
  try {
    const Image expected = reference_sequence(encoded, steps);
    const NativePtr actual = shortcut.run(encoded, steps);
    const Image image = adapter.export_image(*actual);
    if (image.shape() != expected.shape()) {
      // Another image, not an approximation of this one: it cannot be timed as one.
      return reference::error_verdict("it makes " + to_string(image.shape()) + ", not the " +
                                          to_string(expected.shape()) + " the sequence makes",
                                      stage);
    }
    // What it hands the user, the JPEG, against the reference sequence's JPEG: the measure a
    // canonical sequence's verdict ends with.
    return reference::judge_jpeg(reference::encode_jpeg(expected, save.quality),
                                 save_shortcut_output(adapter, shortcut, *actual, save),
                                 reference::tolerance_for_encoded_sequence(), stage);
  } catch (const std::exception& error) {
    return reference::error_verdict(error.what(), stage);
  }
}

Verdict verify_cycle(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                     const FullCycle& cycle) {
  return verify_sequence(adapter, jpeg, cycle.steps, cycle.encode);
}

Verdict verify_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                        std::span<const Transform> steps, const std::optional<EncodeJpeg>& save) {
  SequenceCheck check = check_sequence(adapter, encoded, steps, save ? "before the encode" : "");
  if (!check.verdict.passed() || !save) return check.verdict;
  try {
    // The encode: the same header fields as the canonical encoder's (quality tables, sampling,
    // baseline, standard Huffman tables), and pixels close to the reference sequence's JPEG.
    const Bytes jpeg_out = adapter.encode_jpeg(*check.actual, *save);
    const Bytes canonical = reference::encode_jpeg(check.expected, save->quality);
    return reference::judge_jpeg(canonical, jpeg_out, reference::tolerance_for_encoded_sequence(),
                                 "in the encode");
  } catch (const std::exception& error) {
    return reference::error_verdict(error.what(), "in the encode");
  }
}

}  // namespace imgbench::bench
