#pragma once
// Canonical load and save. JPEG goes through the libjpeg API with every setting that affects the
// pixels written out explicitly (accurate integer DCT, fancy upsampling); PNG through libpng with
// no gamma or colour management; PPM/PGM by hand.
#include <optional>
#include <span>
#include <string>

#include "core/file_io.hpp"
#include "core/image.hpp"
#include "core/operation.hpp"

namespace imgbench::reference {

enum class Subsampling { s420, s444 };

// The format, from the first bytes; nullopt when they match none we read.
std::optional<ImageFormat> detect_format(std::span<const std::uint8_t> bytes);

// Canonical JPEG decode to RGB8 (gray stays 1 channel). EXIF orientation is not applied.
// Truncated or corrupt data is an error, not padded. `what` names the source in errors.
Image decode_jpeg(std::span<const std::uint8_t> bytes, const std::string& what = "JPEG");
// Canonical JPEG encode: baseline, 4:2:0 (or as given), accurate DCT, standard Huffman tables.
Bytes encode_jpeg(const Image& image, int quality, Subsampling subsampling = Subsampling::s420);

Image decode_png(std::span<const std::uint8_t> bytes, const std::string& what = "PNG");
Bytes encode_png(const Image& image);

Image decode_ppm(std::span<const std::uint8_t> bytes, const std::string& what = "PPM");
Bytes encode_ppm(const Image& image);  // P6 for RGB, P5 for gray

// The shape a canonical decode of these bytes will have, read from the header alone (JPEG frame,
// PNG IHDR and tRNS), after the checks every decoder makes before allocating: a known format, not
// CMYK, within the pixel limit. Adapters call it before handing bytes to their library, so that
// all of them refuse the same files the same way, and take the channel count from it.
Shape probe_shape(std::span<const std::uint8_t> bytes, const std::string& what);

// Any supported format, detected from the bytes.
Image decode_image(std::span<const std::uint8_t> bytes, const std::string& what);
Image load_image(const std::string& path);

// The format a path's extension asks for ("jpg", "jpeg", "png", "ppm", "pgm"); Error otherwise.
ImageFormat format_for_path(const std::string& path);

}  // namespace imgbench::reference
