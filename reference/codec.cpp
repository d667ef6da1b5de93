#include "reference/codec.hpp"

#include "core/error.hpp"

namespace imgbench::reference {

std::optional<ImageFormat> detect_format(std::span<const std::uint8_t> bytes) {
  static constexpr std::uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  if (bytes.size() >= 3 && bytes[0] == 0xff && bytes[1] == 0xd8 && bytes[2] == 0xff) {
    return ImageFormat::jpeg;
  }
  if (bytes.size() >= sizeof kPng && std::equal(std::begin(kPng), std::end(kPng), bytes.begin())) {
    return ImageFormat::png;
  }
  if (bytes.size() >= 2 && bytes[0] == 'P' && (bytes[1] == '5' || bytes[1] == '6')) {
    return ImageFormat::ppm;
  }
  return std::nullopt;
}

Image decode_image(std::span<const std::uint8_t> bytes, const std::string& what) {
  if (bytes.empty()) throw Error(what + ": empty file");
  const auto format = detect_format(bytes);
  if (!format) throw Error(what + ": not a JPEG, PNG or PPM file");
  switch (*format) {
    case ImageFormat::jpeg: return decode_jpeg(bytes, what);
    case ImageFormat::png: return decode_png(bytes, what);
    case ImageFormat::ppm: return decode_ppm(bytes, what);
  }
  throw Error(what + ": unknown format");
}

Image load_image(const std::string& path) {
  return decode_image(read_file(path), path);
}

ImageFormat format_for_path(const std::string& path) {
  const std::string ext = file_extension(path);
  if (ext == "jpg" || ext == "jpeg") return ImageFormat::jpeg;
  if (ext == "png") return ImageFormat::png;
  if (ext == "ppm" || ext == "pgm") return ImageFormat::ppm;
  throw Error(path + ": unknown output format '" + ext + "' (use .jpg, .png or .ppm)");
}

}  // namespace imgbench::reference
