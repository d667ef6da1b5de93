// libjpeg-turbo through the TurboJPEG API: JPEG decode and encode. Its native image is a plain
// interleaved RGB (or gray) buffer, which is what tjDecompress2 produces.
#include <turbojpeg.h>

#include <cstring>
#include <memory>

#include "adapters/adapter.hpp"
#include "core/limits.hpp"

namespace imgbench {
namespace {

struct TurboImage final : NativeImage {
  Shape shape() const override { return size; }
  Shape size;
  std::vector<std::uint8_t> pixels;  // tightly packed rows
};

// TurboJPEG handles are not thread-safe; each call gets its own (creation is cheap).
struct Handle {
  explicit Handle(tjhandle h) : handle(h) {
    if (!handle)
      throw Error(std::string("TurboJPEG: cannot create a handle: ") + tjGetErrorStr2(nullptr));
  }
  ~Handle() { tjDestroy(handle); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  tjhandle handle;
};

int pixel_format(int channels) {
  return channels == 1 ? TJPF_GRAY : TJPF_RGB;
}

// Encodes with the given flags; the canonical mapping passes TJFLAG_ACCURATEDCT, because
// without it TurboJPEG uses the fast integer forward DCT for quality < 96.
Bytes compress(const TurboImage& image, int quality, int flags) {
  Handle compressor(tjInitCompress());
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  const int subsampling = image.size.channels == 1 ? TJSAMP_GRAY : TJSAMP_420;
  if (tjCompress2(compressor.handle, image.pixels.data(), image.size.width, 0, image.size.height,
                  pixel_format(image.size.channels), &jpeg, &size, subsampling, quality,
                  flags) != 0) {
    tjFree(jpeg);
    throw Error(std::string("TurboJPEG encode failed: ") + tjGetErrorStr2(compressor.handle));
  }
  std::unique_ptr<unsigned char, decltype(&tjFree)> owned(jpeg, &tjFree);
  return Bytes(jpeg, jpeg + size);
}

const TurboImage& unwrap(const NativeImage& native) {
  return native_cast<TurboImage>(native);
}

class TurboJpegAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "turbojpeg"; }
  std::string version() const override { return IMGBENCH_TURBOJPEG_VERSION; }

  Support supports(const Operation& op, const Shape& input) const override {
    if (const auto* decode = std::get_if<Decode>(&op)) {
      return decode->format == ImageFormat::jpeg ? Support::yes()
                                                 : Support::no("TurboJPEG decodes JPEG only");
    }
    if (std::holds_alternative<EncodeJpeg>(op)) return jpeg_encode_support(input);
    return Support::no("TurboJPEG is a codec: no pixel operations");
  }

  NativePtr decode(std::span<const std::uint8_t> bytes) const override {
    Handle decompressor(tjInitDecompress());
    int width = 0, height = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(decompressor.handle, bytes.data(), bytes.size(), &width, &height,
                            &subsampling, &colorspace) != 0) {
      throw Error(std::string("TurboJPEG: ") + tjGetErrorStr2(decompressor.handle));
    }
    if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK)
      throw Error("CMYK JPEG is not supported");
    check_image_size(width, height, "JPEG");
    auto image = std::make_unique<TurboImage>();
    image->size = {width, height, colorspace == TJCS_GRAY ? 1 : 3};
    image->pixels.resize(static_cast<std::size_t>(width) * height * image->size.channels);
    // Accurate IDCT and fancy upsampling are TurboJPEG's decode defaults; say so explicitly.
    // STOPONWARNING makes truncated data an error instead of grey padding.
    const int flags = TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING;
    if (tjDecompress2(decompressor.handle, bytes.data(), bytes.size(), image->pixels.data(), width,
                      0, height, pixel_format(image->size.channels), flags) != 0) {
      throw Error(std::string("TurboJPEG: corrupt or truncated JPEG: ") +
                  tjGetErrorStr2(decompressor.handle));
    }
    return image;
  }

  Bytes encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const override {
    return compress(unwrap(image), op.quality, TJFLAG_ACCURATEDCT);
  }

  NativePtr import_image(const Image& source) const override {
    auto image = std::make_unique<TurboImage>();
    image->size = source.shape();
    image->pixels.resize(source.row_bytes() * source.height());
    for (int y = 0; y < source.height(); ++y) {
      std::memcpy(image->pixels.data() + y * source.row_bytes(), source.row(y), source.row_bytes());
    }
    return image;
  }

  Image export_image(const NativeImage& native) const override {
    const TurboImage& image = unwrap(native);
    Image result(image.size.width, image.size.height, image.size.channels);
    for (int y = 0; y < result.height(); ++y) {
      std::memcpy(result.row(y), image.pixels.data() + y * result.row_bytes(), result.row_bytes());
    }
    return result;
  }

  std::vector<Variant> variants() const override {
    Variant fast_dct;
    fast_dct.name = "encode-default-flags";
    fast_dct.claims = "encode";
    fast_dct.matches = [](const Operation& op) { return std::holds_alternative<EncodeJpeg>(op); };
    fast_dct.call = "tjCompress2(q, TJSAMP_420, flags=0): fast integer DCT below quality 96";
    fast_dct.encode = [](const NativeImage& image, const EncodeJpeg& op) {
      return compress(unwrap(image), op.quality, 0);
    };
    return {fast_dct};
  }
};

}  // namespace

std::unique_ptr<Adapter> make_turbojpeg_adapter(const AdapterConfig&) {
  return std::make_unique<TurboJpegAdapter>();
}

}  // namespace imgbench
