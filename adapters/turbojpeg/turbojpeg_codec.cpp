#include "turbojpeg_codec.hpp"

#include <turbojpeg.h>

#include <memory>
#include <string>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace imgbench::turbojpeg {
namespace {

// TurboJPEG handles are not thread-safe; each call gets its own (creation is cheap).
struct Handle {
  explicit Handle(tjhandle h) : handle(h) {
    if (!handle) {
      throw Error(std::string("TurboJPEG: cannot create a handle: ") + tjGetErrorStr2(nullptr));
    }
  }
  ~Handle() { tjDestroy(handle); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  tjhandle handle;
};

int pixel_format(int channels) {
  return channels == 1 ? TJPF_GRAY : TJPF_RGB;
}

}  // namespace

Image decode(std::span<const std::uint8_t> jpeg) {
  Handle decompressor(tjInitDecompress());
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (tjDecompressHeader3(decompressor.handle, jpeg.data(), jpeg.size(), &width, &height,
                          &subsampling, &colorspace) != 0) {
    throw Error(std::string("TurboJPEG: ") + tjGetErrorStr2(decompressor.handle));
  }
  if (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) {
    throw Error("CMYK JPEG is not supported");
  }
  check_image_size(width, height, "JPEG");
  Image image = Image::uninitialized(width, height, colorspace == TJCS_GRAY ? 1 : 3);
  // Accurate IDCT and fancy upsampling are TurboJPEG's decode defaults; say so explicitly.
  // STOPONWARNING makes truncated data an error instead of grey padding.
  const int flags = TJFLAG_ACCURATEDCT | TJFLAG_STOPONWARNING;
  if (tjDecompress2(decompressor.handle, jpeg.data(), jpeg.size(), image.data(), width,
                    static_cast<int>(image.stride()), height, pixel_format(image.channels()),
                    flags) != 0) {
    throw Error(std::string("TurboJPEG: corrupt or truncated JPEG: ") +
                tjGetErrorStr2(decompressor.handle));
  }
  return image;
}

Bytes encode(const Image& image, int quality, bool accurate_dct) {
  if (image.channels() == 4) throw Error("JPEG cannot store alpha");
  Handle compressor(tjInitCompress());
  unsigned char* jpeg = nullptr;
  unsigned long size = 0;
  const int subsampling = image.channels() == 1 ? TJSAMP_GRAY : TJSAMP_420;
  if (tjCompress2(compressor.handle, image.data(), image.width(), static_cast<int>(image.stride()),
                  image.height(), pixel_format(image.channels()), &jpeg, &size, subsampling,
                  quality, accurate_dct ? TJFLAG_ACCURATEDCT : 0) != 0) {
    tjFree(jpeg);
    throw Error(std::string("TurboJPEG encode failed: ") + tjGetErrorStr2(compressor.handle));
  }
  std::unique_ptr<unsigned char, decltype(&tjFree)> owned(jpeg, &tjFree);
  return Bytes(jpeg, jpeg + size);
}

}  // namespace imgbench::turbojpeg
