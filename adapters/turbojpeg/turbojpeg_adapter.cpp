// libjpeg-turbo through the TurboJPEG API: JPEG decode and encode. Its native image is a plain
// interleaved RGB (or gray) buffer, which is what tjDecompress2 produces.
#include <cstdlib>
#include <cstring>

#include "adapters/adapter.hpp"
#include "adapters/plain_image.hpp"
#include "turbojpeg_codec.hpp"

namespace imgbench {
namespace {

class TurboJpegAdapter final : public Adapter {
 public:
  // A codec: no pixel operations.
  TurboJpegAdapter() {
    explain_unmapped("TurboJPEG is a codec: no pixel operations");
    map_decode(
        [](std::span<const std::uint8_t> bytes) { return wrap_plain(turbojpeg::decode(bytes)); },
        jpeg_decode_support);
    map_save([](const NativeImage& image, const EncodeJpeg& op) {
      return turbojpeg::encode(plain_image(image), op.quality);
    });
  }

  std::string_view name() const override { return "turbojpeg"; }
  std::string version() const override { return IMGBENCH_TURBOJPEG_VERSION; }

  // libjpeg-turbo's own switch: JSIMD_FORCENONE=1 turns its SIMD off in each thread that first
  // uses the library after it is set.
  std::vector<std::string> simd_levels() const override { return {"jsimd", "none"}; }
  std::string simd_level() const override {
    const char* force_none = std::getenv("JSIMD_FORCENONE");
    return force_none != nullptr && std::strcmp(force_none, "1") == 0 ? "none" : "jsimd";
  }
  void use_simd_level(const std::string& level) const override {
    if (level == "none") {
      setenv("JSIMD_FORCENONE", "1", 1);
    } else if (level == "jsimd") {
      unsetenv("JSIMD_FORCENONE");
    } else {
      Adapter::use_simd_level(level);
    }
  }

  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }

  std::vector<Variant> variants() const override {
    Variant fast_dct;
    fast_dct.name = "encode-default-flags";
    fast_dct.library_default = true;
    fast_dct.claims = "encode";
    fast_dct.call = "tjCompress2(q, TJSAMP_420, flags=0): fast integer DCT below quality 96";
    fast_dct.matches = [](const Operation& op) { return std::holds_alternative<EncodeJpeg>(op); };
    fast_dct.encode = [](const NativeImage& image, const EncodeJpeg& op) {
      return turbojpeg::encode(plain_image(image), op.quality, false);
    };
    return {fast_dct};
  }
};

}  // namespace

std::unique_ptr<Adapter> make_turbojpeg_adapter(const AdapterConfig&) {
  return std::make_unique<TurboJpegAdapter>();
}

}  // namespace imgbench
