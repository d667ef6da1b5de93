#pragma once
// The one interface every library adapter implements. Operations work on the library's own
// native image type, so that timed code never converts to our common Image; import_image() and
// export_image() convert at the boundary and are never timed.
//
// An adapter maps each operation it can express with its canonical meaning (reference/SEMANTICS.md)
// to its library's call; what it does not map is unsupported, so that it never silently computes
// something else. Adapters know nothing of benchmarks or verification.
#include <functional>
#include <map>
#include <memory>
#include <optional>
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
  // The call a library's users write by default (its documented or most common one), not a
  // mistake of ours to guard against: the benchmarks time it as an approximate contender, with
  // its PSNR beside its speed, never ranked with the canonical results.
  bool library_default = false;
  // The library's only call for the operation, an approximation by design (Pillow's GaussianBlur:
  // three box passes), not a mistake: its canonical mapping is unsupported, so it never sets a
  // tolerance; verify reports its PSNR without requiring it to fail, and the benchmarks time it,
  // alone and in every sequence it is part of, as an approximate contender.
  bool approximation = false;
};

// A call a library offers that runs a whole sequence from the encoded bytes its own way: decoding
// only part of the image, or at a reduced size in the DCT ("shrink on load"), or its steps in
// another order. It computes something close to the canonical sequence, not the same: it is never
// canonical, and the benchmarks time it only beside its PSNR against the reference sequence: as an
// approximate contender of the cycle and the thumbnail, and in the crop batches as the fast-path
// contender <adapter>+<shortcut>, held to the fast-path floors (SEMANTICS.md, "crop batch").
struct Shortcut {
  std::string name;  // e.g. "shrink-on-load": the contender is "<adapter>~<name>"
  std::string call;  // the library call, as written, and why its output differs
  // Whether it runs `steps` (the transforms after the decode) on a source of `source` shape.
  std::function<bool(std::span<const Transform> steps, const Shape& source, ImageFormat format)>
      matches;
  // The image after the steps, from the encoded source (Error for bytes it cannot decode).
  std::function<NativePtr(std::span<const std::uint8_t> encoded, std::span<const Transform> steps)>
      run;
  // Its own save, for a sequence that ends with one (null: the adapter's canonical save).
  std::function<Bytes(const NativeImage&, const EncodeJpeg&)> save;
};

class Adapter {
 public:
  Adapter() = default;
  // Mappings may call back into the adapter that made them: it is never copied or moved.
  Adapter(const Adapter&) = delete;
  Adapter& operator=(const Adapter&) = delete;
  virtual ~Adapter() = default;

  virtual std::string_view name() const = 0;
  virtual std::string version() const = 0;  // the library's version string

  // Whether the adapter runs `op` with its canonical meaning on an input of `input` shape (for a
  // decode: unused). An operation is unsupported until the adapter maps it; then its parameters
  // must fit the input (reference/ops/), and the mapping's own condition must hold.
  Support supports(const Operation& op, const Shape& input) const;

  // The core runs every mapping: it checks the parameters against the input (Error) and the
  // support (Unsupported, with the reason), turns whatever the library throws into our one-line
  // Error, and checks that a transform's output has the shape the operation promises.
  NativePtr decode(std::span<const std::uint8_t> bytes) const;
  Bytes encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const;
  NativePtr apply(const NativeImage& image, const Transform& transform) const;

  virtual NativePtr import_image(const Image& image) const = 0;
  virtual Image export_image(const NativeImage& image) const = 0;

  virtual std::vector<Variant> variants() const { return {}; }

  // The library's shortcuts (Shortcut): calls that run a whole sequence their own way.
  virtual std::vector<Shortcut> shortcuts() const { return {}; }

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

 protected:
  // The mappings, made in the adapter's constructor: the library call for an operation, and when
  // the call is not the canonical operation for some inputs, the condition that says so.
  template <class Op>
  using Call = std::function<NativePtr(const NativeImage&, const Op&)>;
  template <class Op>
  using Condition = std::function<Support(const Op&, const Shape& input)>;

  template <class Op>
  void map(Call<Op> call, Condition<Op> condition = {}) {
    map_operation(
        Operation(Op{}).index(),
        [call = std::move(call)](const NativeImage& image, const Operation& op) {
          return call(image, std::get<Op>(op));
        },
        condition ? [condition = std::move(condition)](
                        const Operation& op,
                        const Shape& input) { return condition(std::get<Op>(op), input); }
                  : UntypedCondition{});
  }
  void map_decode(std::function<NativePtr(std::span<const std::uint8_t>)> call,
                  Condition<Decode> condition = {});
  void map_save(std::function<Bytes(const NativeImage&, const EncodeJpeg&)> call,
                Condition<EncodeJpeg> condition = {});

  // Why the operations not mapped are unsupported, for every one of them (default: "no mapping in
  // this adapter"), or for one of them (`Op`: the library has only an approximation, say).
  void explain_unmapped(std::string reason) { unmapped_reason_ = std::move(reason); }
  template <class Op>
  void explain_unmapped(std::string reason) {
    unmapped_reasons_[Operation(Op{}).index()] = std::move(reason);
  }

  using UntypedCall = std::function<NativePtr(const NativeImage&, const Operation&)>;
  using UntypedCondition = std::function<Support(const Operation&, const Shape&)>;
  // For an adapter that maps operations it does not name (the reference adapter).
  void map_operation(std::size_t index, UntypedCall call, UntypedCondition condition = {});

  [[noreturn]] void unsupported(std::string_view operation) const;

 private:
  struct Mapping {
    UntypedCall call;  // transforms
    UntypedCondition condition;
  };
  const Mapping* mapping(const Operation& op) const;
  // The mapping's own answer: mapped at all, and its condition (the parameters not checked).
  Support mapped_support(const Operation& op, const Shape& input) const;

  std::map<std::size_t, Mapping> mappings_;  // by the operation's index in Operation
  std::function<NativePtr(std::span<const std::uint8_t>)> decode_;
  std::function<Bytes(const NativeImage&, const EncodeJpeg&)> save_;
  std::string unmapped_reason_ = "no mapping in this adapter";
  std::map<std::size_t, std::string> unmapped_reasons_;  // by the operation's index
};

// The adapter's shortcut `name` when it runs these steps on this source (null: none does).
std::optional<Shortcut> find_shortcut(const Adapter& adapter, std::string_view name,
                                      std::span<const Transform> steps, const Shape& source,
                                      ImageFormat format);

// Conditions library adapters share:
// libraries decode the formats the verifier checks (JPEG, PNG); PPM is read by the reference codec.
Support decode_support(const Decode& decode, const Shape& = {});
// Adapters whose decoder is TurboJPEG's.
Support jpeg_decode_support(const Decode& decode, const Shape& = {});
// Resizes are verified for downscaling only (out <= in on both axes).
bool upscales(const Resize& op, const Shape& input);

// The native image type of an adapter; operations cast back with native_cast<T>().
template <class T>
const T& native_cast(const NativeImage& image) {
  return dynamic_cast<const T&>(image);
}

}  // namespace imgbench
