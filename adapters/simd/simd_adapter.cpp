// The project's own kernels, on our Image as the native type, with TurboJPEG as the codec. The
// SIMD level (kernels/simd_level.hpp) comes from the configuration or IMGBENCH_SIMD.
#include "adapters/adapter.hpp"
#include "adapters/plain_image.hpp"
#include "kernels/crop.hpp"
#include "kernels/rotate.hpp"
#include "kernels/simd_level.hpp"
#include "turbojpeg_codec.hpp"

namespace imgbench {
namespace {

class SimdAdapter final : public Adapter {
 public:
  explicit SimdAdapter(const AdapterConfig& config) { kernels::select_simd_level(config.simd); }

  std::string_view name() const override { return "simd"; }
  std::string version() const override {
    std::string available;
    for (const auto& level : kernels::simd_levels())
      available += (available.empty() ? "" : ", ") + level;
    return "kernels at " + kernels::simd_level() + " (this machine: " + available + ")";
  }

  Support supports(const Operation& op, const Shape& input) const override {
    if (const auto* decode = std::get_if<Decode>(&op)) {
      return decode->format == ImageFormat::jpeg ? Support::yes()
                                                 : Support::no("decodes JPEG only (TurboJPEG)");
    }
    if (std::holds_alternative<EncodeJpeg>(op)) return jpeg_encode_support(input);
    if (std::holds_alternative<Resize>(op) || std::holds_alternative<Blur>(op)) {
      return Support::no("no SIMD kernel for it yet");
    }
    return Support::yes();
  }

  NativePtr decode(std::span<const std::uint8_t> bytes) const override {
    return wrap_plain(turbojpeg::decode(bytes));
  }

  Bytes encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const override {
    return turbojpeg::encode(plain_image(image), op.quality);
  }

  NativePtr rotate90(const NativeImage& native) const override {
    const Image& in = plain_image(native);
    Image out = Image::uninitialized(in.height(), in.width(), in.channels());
    kernels::rotate90(in.data(), in.stride(), in.width(), in.height(), in.channels(), out.data(),
                      out.stride());
    return wrap_plain(std::move(out));
  }

  NativePtr crop(const NativeImage& native, const Crop& op) const override {
    const Image& in = plain_image(native);
    output_shape(op, in.shape());
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::crop(in.data(), in.stride(), op.x, op.y, op.width, op.height, in.channels(),
                  out.data(), out.stride());
    return wrap_plain(std::move(out));
  }

  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }
};

}  // namespace

std::unique_ptr<Adapter> make_simd_adapter(const AdapterConfig& config) {
  return std::make_unique<SimdAdapter>(config);
}

}  // namespace imgbench
