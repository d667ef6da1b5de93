// The reference adapter: the canonical codecs and the exact double-precision kernels.
#include "adapters/adapter.hpp"
#include "adapters/plain_image.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"

namespace imgbench {
namespace {

class ReferenceAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "reference"; }
  std::string version() const override { return "exact double precision"; }

  Support supports(const Operation& op, const Shape& input) const override {
    if (std::holds_alternative<EncodeJpeg>(op)) return jpeg_encode_support(input);
    return Support::yes();
  }

  NativePtr decode(std::span<const std::uint8_t> bytes) const override {
    return wrap_plain(reference::decode_image(bytes, "input"));
  }
  Bytes encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const override {
    return reference::encode_jpeg(plain_image(image), op.quality);
  }
  NativePtr rotate90(const NativeImage& image) const override {
    return wrap_plain(reference::rotate90(plain_image(image)));
  }
  NativePtr resize(const NativeImage& image, const Resize& op) const override {
    return wrap_plain(reference::resize(plain_image(image), op));
  }
  NativePtr blur(const NativeImage& image, const Blur& op) const override {
    return wrap_plain(reference::blur(plain_image(image), op));
  }
  NativePtr crop(const NativeImage& image, const Crop& op) const override {
    return wrap_plain(reference::crop(plain_image(image), op));
  }
  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }
};

}  // namespace

std::unique_ptr<Adapter> make_reference_adapter(const AdapterConfig&) {
  return std::make_unique<ReferenceAdapter>();
}

}  // namespace imgbench
