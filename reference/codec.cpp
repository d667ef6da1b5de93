#include "reference/codec.hpp"

#include <string_view>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "reference/jpeg_header.hpp"

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

namespace {

std::uint32_t read_u32(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
         static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

// PNG: IHDR gives the size and colour type; a tRNS chunk before the image data adds alpha.
Shape probe_png(std::span<const std::uint8_t> bytes, const std::string& what) {
  if (bytes.size() < 33 ||
      std::string_view(reinterpret_cast<const char*>(&bytes[12]), 4) != "IHDR") {
    throw Error(what + ": truncated PNG header");
  }
  const std::uint32_t width = read_u32(bytes, 16), height = read_u32(bytes, 20);
  check_image_size(width, height, what);
  const int color_type = bytes[25];
  bool transparency = false;
  for (std::size_t pos = 8; pos + 8 <= bytes.size();) {
    const std::uint32_t length = read_u32(bytes, pos);
    const std::string_view type(reinterpret_cast<const char*>(&bytes[pos + 4]), 4);
    if (type == "IDAT" || type == "IEND") break;
    transparency = transparency || type == "tRNS";
    if (length > bytes.size()) break;
    pos += 12 + static_cast<std::size_t>(length);
  }
  const int channels = color_type == 4 || color_type == 6 ? 4
                       : transparency                     ? 4
                       : color_type == 0                  ? 1
                                                          : 3;
  return {static_cast<int>(width), static_cast<int>(height), channels};
}

}  // namespace

Shape probe_shape(std::span<const std::uint8_t> bytes, const std::string& what) {
  if (bytes.empty()) throw Error(what + ": empty file");
  const auto format = detect_format(bytes);
  if (!format) throw Error(what + ": not a JPEG, PNG or PPM file");
  if (*format == ImageFormat::png) return probe_png(bytes, what);
  if (*format == ImageFormat::ppm) return decode_ppm(bytes, what).shape();
  JpegHeader header;
  try {
    header = parse_jpeg_header(bytes);
  } catch (const Error& error) {
    throw Error(what + ": corrupt or truncated JPEG: " + error.what());
  }
  if (header.components.size() != 1 && header.components.size() != 3) {
    throw Error(what + ": " + std::to_string(header.components.size()) +
                "-component (CMYK) JPEG is not supported");
  }
  check_image_size(header.width, header.height, what);
  return {header.width, header.height, header.components.size() == 1 ? 1 : 3};
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
