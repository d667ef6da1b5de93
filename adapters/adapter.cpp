#include "adapters/adapter.hpp"

#include "core/overloaded.hpp"

namespace imgbench {

void Adapter::unsupported(std::string_view operation) const {
  throw Unsupported(std::string(name()) + " does not support " + std::string(operation));
}

NativePtr Adapter::decode(std::span<const std::uint8_t>) const {
  unsupported("decode");
}
Bytes Adapter::encode_jpeg(const NativeImage&, const EncodeJpeg&) const {
  unsupported("encode");
}
NativePtr Adapter::rotate90(const NativeImage&) const {
  unsupported("rotate90");
}
NativePtr Adapter::resize(const NativeImage&, const Resize&) const {
  unsupported("resize");
}
NativePtr Adapter::blur(const NativeImage&, const Blur&) const {
  unsupported("blur");
}
NativePtr Adapter::crop(const NativeImage&, const Crop&) const {
  unsupported("crop");
}

NativePtr Adapter::decode_crop_resize(std::span<const std::uint8_t>, const Crop&,
                                      const Resize&) const {
  unsupported("a crop fast path");
}

void Adapter::use_simd_level(const std::string& level) const {
  throw Error(std::string(name()) + " has no SIMD level '" + level + "'");
}

Support jpeg_encode_support(const Shape& input) {
  return input.channels == 4 ? Support::no("JPEG cannot store alpha") : Support::yes();
}

Support decode_support(const Decode& decode) {
  return decode.format == ImageFormat::ppm
             ? Support::no("PPM decoding is not verified; the reference codec reads PPM")
             : Support::yes();
}

bool upscales(const Resize& op, const Shape& input) {
  return op.width > input.width || op.height > input.height;
}

NativePtr Adapter::apply(const NativeImage& image, const Transform& transform) const {
  return std::visit(Overloaded{
                        [&](const Rotate90&) { return rotate90(image); },
                        [&](const Resize& op) { return resize(image, op); },
                        [&](const Blur& op) { return blur(image, op); },
                        [&](const Crop& op) { return crop(image, op); },
                    },
                    transform);
}

}  // namespace imgbench
