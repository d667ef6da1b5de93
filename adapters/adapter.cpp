#include "adapters/adapter.hpp"

#include "reference/codec.hpp"
#include "reference/operations.hpp"

namespace imgbench {
namespace {

// Libraries' messages span lines (libvips, OpenCV's what()): ours are one.
std::string one_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) c = c == '\n' ? ' ' : c;
  return text;
}

// Runs a library call: whatever the library throws becomes one line naming the adapter and
// `what`, so that no adapter has to convert its library's exceptions.
template <class F>
auto run_library_call(const Adapter& adapter, std::string_view what, F&& call) {
  try {
    return call();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    throw Error(std::string(adapter.name()) + " " + std::string(what) + ": " +
                one_line(error.what()));
  }
}

}  // namespace

void Adapter::map_operation(std::size_t index, UntypedCall call, UntypedCondition condition) {
  mappings_[index] = {std::move(call), std::move(condition)};
}

void Adapter::map_decode(std::function<NativePtr(std::span<const std::uint8_t>)> call,
                         Condition<Decode> condition) {
  decode_ = std::move(call);
  map_operation(
      Operation(Decode{}).index(), {},
      condition ? [condition](const Operation& op,
                              const Shape& input) { return condition(std::get<Decode>(op), input); }
                : UntypedCondition{});
}

void Adapter::map_save(std::function<Bytes(const NativeImage&, const EncodeJpeg&)> call,
                       Condition<EncodeJpeg> condition) {
  save_ = std::move(call);
  map_operation(
      Operation(EncodeJpeg{}).index(), {},
      condition
          ? [condition](const Operation& op,
                        const Shape& input) { return condition(std::get<EncodeJpeg>(op), input); }
          : UntypedCondition{});
}

const Adapter::Mapping* Adapter::mapping(const Operation& op) const {
  const auto it = mappings_.find(op.index());
  return it == mappings_.end() ? nullptr : &it->second;
}

Support Adapter::mapped_support(const Operation& op, const Shape& input) const {
  const Mapping* found = mapping(op);
  if (!found) {
    const auto reason = unmapped_reasons_.find(op.index());
    return Support::no(reason == unmapped_reasons_.end() ? unmapped_reason_ : reason->second);
  }
  return found->condition ? found->condition(op, input) : Support::yes();
}

Support Adapter::supports(const Operation& op, const Shape& input) const {
  if (!std::holds_alternative<Decode>(op)) {
    try {
      output_shape(op, input);
    } catch (const Error& error) {
      return Support::no(error.what());
    }
  }
  return mapped_support(op, input);
}

void Adapter::unsupported(std::string_view operation) const {
  throw Unsupported(std::string(name()) + " does not support " + std::string(operation));
}

NativePtr Adapter::decode(std::span<const std::uint8_t> bytes) const {
  // Bytes of no known format go to the library, whose decoder says what is wrong with them.
  if (const auto format = reference::detect_format(bytes)) {
    const Decode op{*format};
    if (const Support support = supports(op, {}); !support.supported) {
      unsupported(to_string(Operation{op}) + ": " + support.reason);
    }
  }
  return run_library_call(*this, "decode", [&] { return decode_(bytes); });
}

Bytes Adapter::encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const {
  output_shape(Operation{op}, image.shape());  // Error when JPEG cannot hold the image
  if (const Support support = mapped_support(op, image.shape()); !support.supported) {
    unsupported(to_string(Operation{op}) + ": " + support.reason);
  }
  return run_library_call(*this, "save", [&] { return save_(image, op); });
}

NativePtr Adapter::apply(const NativeImage& image, const Transform& transform) const {
  const Operation op = to_operation(transform);
  const Shape input = image.shape();
  // Each check once: this runs inside every timed iteration.
  const Shape expected = output_shape(op, input);  // Error when the parameters do not fit
  if (const Support support = mapped_support(op, input); !support.supported) {
    unsupported(to_string(op) + ": " + support.reason);
  }
  NativePtr output =
      run_library_call(*this, kind_name(op), [&] { return mapping(op)->call(image, op); });
  const Shape produced = output->shape();
  if (produced.width != expected.width || produced.height != expected.height ||
      produced.channels != expected.channels) {
    throw Error(std::string(name()) + " " + to_string(op) + ": output is " + to_string(produced) +
                ", the operation makes " + to_string(expected));
  }
  return output;
}

std::optional<Shortcut> find_shortcut(const Adapter& adapter, std::string_view name,
                                      std::span<const Transform> steps, const Shape& source,
                                      ImageFormat format) {
  for (Shortcut& shortcut : adapter.shortcuts()) {
    if (shortcut.name == name && shortcut.matches(steps, source, format)) return shortcut;
  }
  return std::nullopt;
}

void Adapter::use_simd_level(const std::string& level) const {
  throw Error(std::string(name()) + " has no SIMD level '" + level + "'");
}

Support jpeg_decode_support(const Decode& decode, const Shape&) {
  return decode.format == ImageFormat::jpeg ? Support::yes()
                                            : Support::no("decodes JPEG only (TurboJPEG)");
}

Support decode_support(const Decode& decode, const Shape&) {
  return decode.format == ImageFormat::ppm
             ? Support::no("PPM decoding is not verified; the reference codec reads PPM")
             : Support::yes();
}

bool upscales(const Resize& op, const Shape& input) {
  return op.width > input.width || op.height > input.height;
}

}  // namespace imgbench
