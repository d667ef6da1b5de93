#pragma once
// The one interface every library adapter implements. Operations work on the library's own
// native image type, so that timed code never converts to our common Image; import_image() and
// export_image() convert at the boundary and are never timed.
//
// An adapter that cannot express an operation with its canonical meaning (reference/SEMANTICS.md)
// says so through supports() and throws Unsupported if called anyway: it never silently computes
// something else. Adapters know nothing of benchmarks or verification.
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/image.hpp"
#include "core/operation.hpp"

namespace imgbench {

struct AdapterConfig {
  int threads = 1;   // the library's own worker threads, where it has any
  std::string simd;  // our kernels' SIMD level ("" = IMGBENCH_SIMD, else the best); see kernels/
};

// A decoded image in the library's native representation (cv::Mat, a pixel buffer, ...).
class NativeImage {
 public:
  virtual ~NativeImage() = default;
  virtual Shape shape() const = 0;
};
using NativePtr = std::unique_ptr<NativeImage>;

// Whether an adapter can run an operation with the canonical meaning, and if not, why.
struct Support {
  bool supported = true;
  std::string reason;  // why not, for the verify table and error messages

  static Support yes() { return {}; }
  static Support no(std::string why) { return {false, std::move(why)}; }
};

// A known-wrong mapping: the call people commonly write for a canonical operation. Variants are
// verified (and must fail) but never benchmarked as valid.
struct Variant {
  std::string name;    // e.g. "resize-inter-linear"
  std::string claims;  // the canonical operation it stands in for, e.g. "resize filter=bilinear"
  std::string call;    // the library call, as written
  std::function<bool(const Operation&)> matches;                             // ops it claims
  std::function<NativePtr(const NativeImage&, const Transform&)> transform;  // for pixel ops
  std::function<Bytes(const NativeImage&, const EncodeJpeg&)> encode;        // for "encode"
};

class Adapter {
 public:
  virtual ~Adapter() = default;

  virtual std::string_view name() const = 0;
  virtual std::string version() const = 0;  // the library's version string

  // `input` is the shape the operation would receive (for decode: unused).
  virtual Support supports(const Operation& op, const Shape& input) const = 0;

  virtual NativePtr decode(std::span<const std::uint8_t> bytes) const;
  virtual Bytes encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const;
  virtual NativePtr rotate90(const NativeImage& image) const;
  virtual NativePtr resize(const NativeImage& image, const Resize& op) const;
  virtual NativePtr blur(const NativeImage& image, const Blur& op) const;
  virtual NativePtr crop(const NativeImage& image, const Crop& op) const;

  virtual NativePtr import_image(const Image& image) const = 0;
  virtual Image export_image(const NativeImage& image) const = 0;

  virtual std::vector<Variant> variants() const { return {}; }

  // A fast path for crop requests (SEMANTICS.md, "crop batch"), where the library has one: its
  // name (e.g. "partial-decode"; empty: none), and the call that decodes a JPEG, crops and resizes
  // in one go, free to decode less than the whole image or at a reduced size. Not canonical: it
  // is compared with the reference and its PSNR reported beside its speed.
  virtual std::string crop_fast_path() const { return ""; }
  virtual NativePtr decode_crop_resize(std::span<const std::uint8_t> jpeg, const Crop& crop,
                                       const Resize& resize) const;

  // The instruction-set levels the library can be switched between within this process, its
  // default first (empty: it has no such switch), and the one in use. use_simd_level() switches
  // the whole process, and in libjpeg-turbo only the threads that start after it (the library
  // reads JSIMD_FORCENONE once per thread): callers switch between runs, never while the library
  // works, and run in a thread started after the switch.
  virtual std::vector<std::string> simd_levels() const { return {}; }
  virtual std::string simd_level() const { return ""; }
  virtual void use_simd_level(const std::string& level) const;

  // Why the instructions this library executes cannot be counted repeatably (empty: they can).
  // The counts measure leaves such adapters out and lists them as not counted with this reason:
  // libvips computes in a thread pool of its own, Pillow in an embedded interpreter whose tables
  // are keyed by addresses.
  virtual std::string uncountable_reason() const { return ""; }

  // Runs a transform through the matching virtual above.
  NativePtr apply(const NativeImage& image, const Transform& transform) const;

 protected:
  [[noreturn]] void unsupported(std::string_view operation) const;
};

// Answers every library adapter shares, for its supports():
// JPEG has no alpha channel, so RGBA input cannot be encoded canonically.
Support jpeg_encode_support(const Shape& input);
// Libraries decode the formats the verifier checks (JPEG, PNG); PPM is read by the reference codec.
Support decode_support(const Decode& decode);
// Resizes are verified for downscaling only (out <= in on both axes).
bool upscales(const Resize& op, const Shape& input);

// The native image type of an adapter; operations cast back with native_cast<T>().
template <class T>
const T& native_cast(const NativeImage& image) {
  return dynamic_cast<const T&>(image);
}

}  // namespace imgbench
