#pragma once
// Verification before timing: a case's output is compared with the reference once; the verdict is
// what the benchmark reports instead of a time when the case fails.
#include <optional>
#include <span>
#include <string>

#include "adapters/adapter.hpp"
#include "bench/full_cycle.hpp"
#include "core/image.hpp"
#include "reference/metrics.hpp"
#include "reference/verdict.hpp"

namespace imgbench::bench {

// The one verification engine's verdict (reference/verdict.hpp), as `verify` gives it.
using Verdict = reference::Verdict;

// Runs `transform` once through `adapter` on `input` and judges the output against `expected`
// with the tolerance of the operation's family. Exceptions become a failed verdict.
Verdict verify_case(const Adapter& adapter, const Image& input, const Transform& transform,
                    const Image& expected);

// The same judgement of a library's default call (Variant::library_default) for `transform`:
// measured against the canonical reference, its verdict kept beside its speed.
Verdict verify_approximation(const Adapter& adapter, const Variant& variant, const Image& input,
                             const Transform& transform, const Image& expected);

// Decodes `encoded` and runs `steps` through `adapter` and through the reference, and judges the
// adapter's image with the sequence's tolerance; `stage` says where ("on a crop"). Both images are
// kept for checks that follow (the full cycle's encode).
struct SequenceCheck {
  Verdict verdict;
  NativePtr actual;  // null when the adapter threw
  Image expected;
};
SequenceCheck check_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                             std::span<const Transform> steps, const char* stage);

// Runs a crop request (`steps`: the crop, the resize) through an adapter's crop fast path and
// compares it with the reference sequence (decode, crop, resize). A fast path is not canonical: it
// passes above a floor that only catches another crop (SEMANTICS.md, "crop batch"), and its PSNR
// is reported beside its speed.
Verdict verify_fast_crop(const Adapter& adapter, const Shortcut& fast,
                         std::span<const std::uint8_t> jpeg, std::span<const Transform> steps);

// A shortcut's output saved as a JPEG: with its own save where it has one, else the adapter's.
Bytes save_shortcut_output(const Adapter& adapter, const Shortcut& shortcut,
                           const NativeImage& image, const EncodeJpeg& save);

// Runs `steps` through a shortcut (Adapter::shortcuts), then `save`, and judges what it hands the
// user, the JPEG, against the reference sequence's JPEG (the measure a canonical sequence's
// verdict ends with). Output of another shape than the sequence's is an error. A shortcut is
// timed whatever its PSNR: only an error is a failure.
Verdict verify_shortcut(const Adapter& adapter, const Shortcut& shortcut,
                        std::span<const std::uint8_t> encoded, std::span<const Transform> steps,
                        const EncodeJpeg& save);

// Runs `cycle` once through `adapter` on `jpeg`. The image before the encode is judged against the
// reference sequence (reference decode, then each step) with the sequence's tolerance; the encode
// must then be canonical: its JPEG decodes exactly like the reference encoder's JPEG of the same
// image.
Verdict verify_cycle(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                     const FullCycle& cycle);

// The same for any sequence: the decode of `encoded`, `steps`, then the save when there is one.
Verdict verify_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                        std::span<const Transform> steps, const std::optional<EncodeJpeg>& save);

}  // namespace imgbench::bench
