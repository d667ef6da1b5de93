// Binary PPM (P6, RGB) and PGM (P5, gray), 8 bit (maxval 255) only.
#include <cctype>
#include <cstring>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "reference/codec.hpp"

namespace imgbench::reference {
namespace {

// Reads the next whitespace-separated header number, skipping '#' comments.
long read_header_number(std::span<const std::uint8_t> bytes, std::size_t& pos,
                        const std::string& what) {
  while (pos < bytes.size()) {
    if (bytes[pos] == '#') {
      while (pos < bytes.size() && bytes[pos] != '\n') ++pos;
    } else if (std::isspace(bytes[pos])) {
      ++pos;
    } else {
      break;
    }
  }
  long value = 0;
  std::size_t digits = 0;
  while (pos < bytes.size() && std::isdigit(bytes[pos]) && digits < 10) {
    value = value * 10 + (bytes[pos++] - '0');
    ++digits;
  }
  if (digits == 0 || digits == 10) throw Error(what + ": malformed PPM header");
  return value;
}

}  // namespace

Image decode_ppm(std::span<const std::uint8_t> bytes, const std::string& what) {
  if (bytes.size() < 2 || bytes[0] != 'P' || (bytes[1] != '6' && bytes[1] != '5')) {
    throw Error(what + ": not a binary PPM/PGM (P6/P5)");
  }
  const int channels = bytes[1] == '6' ? 3 : 1;
  std::size_t pos = 2;
  const long width = read_header_number(bytes, pos, what);
  const long height = read_header_number(bytes, pos, what);
  const long maxval = read_header_number(bytes, pos, what);
  if (maxval != 255) throw Error(what + ": only 8-bit PPM (maxval 255) is supported");
  if (pos >= bytes.size() || !std::isspace(bytes[pos]))
    throw Error(what + ": malformed PPM header");
  ++pos;  // the single whitespace byte before the samples
  check_image_size(width, height, what);
  const std::size_t row = static_cast<std::size_t>(width) * channels;
  if ((bytes.size() - pos) / row < static_cast<std::size_t>(height)) {
    throw Error(what + ": truncated PPM data");
  }
  Image image(static_cast<int>(width), static_cast<int>(height), channels);
  for (int y = 0; y < image.height(); ++y) {
    std::memcpy(image.row(y), bytes.data() + pos + y * row, row);
  }
  return image;
}

Bytes encode_ppm(const Image& image) {
  if (image.channels() == 4) throw Error("PPM cannot store an alpha channel (RGBA input)");
  const std::string header = std::string(image.channels() == 3 ? "P6\n" : "P5\n") +
                             std::to_string(image.width()) + " " + std::to_string(image.height()) +
                             "\n255\n";
  Bytes bytes(header.begin(), header.end());
  for (int y = 0; y < image.height(); ++y) {
    bytes.insert(bytes.end(), image.row(y), image.row(y) + image.row_bytes());
  }
  return bytes;
}

}  // namespace imgbench::reference
