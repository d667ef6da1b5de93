#pragma once
// The header fields of a JPEG file that decide which pixels a decoder will produce: frame type,
// components with their sampling factors and quantisation tables, and the Huffman tables.
// Used to check an encoder's output against the canonical encoder's, field by field.
#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace imgbench::reference {

struct JpegComponent {
  int id = 0;
  int h_sampling = 0;
  int v_sampling = 0;
  int quant_table = 0;
  friend bool operator==(const JpegComponent&, const JpegComponent&) = default;
};

struct JpegHeader {
  int frame_marker = 0;  // 0xC0 baseline, 0xC1 extended, 0xC2 progressive
  int width = 0;
  int height = 0;
  int precision = 0;
  std::vector<JpegComponent> components;
  std::map<int, std::array<int, 64>> quant_tables;          // table id -> values (zigzag order)
  std::map<int, std::vector<std::uint8_t>> huffman_tables;  // (class << 4 | id) -> counts + symbols

  std::string frame_name() const;     // "baseline", "progressive", ...
  std::string sampling_name() const;  // "4:2:0", "4:4:4", "4:2:2", "gray", or the factors
};

// Throws Error when the bytes are not a JPEG with a frame header.
JpegHeader parse_jpeg_header(std::span<const std::uint8_t> bytes);

// True when the entropy-coded data is followed by an EOI marker, i.e. the file is not truncated.
// (Entropy-coded data never contains FF D9: every FF in it is stuffed or a restart marker.)
bool jpeg_has_end_marker(std::span<const std::uint8_t> bytes);

// "" when `actual` matches `expected` in every field that affects decoded pixels or the
// canonical file layout; otherwise a one-line description of the first difference.
std::string compare_jpeg_headers(const JpegHeader& expected, const JpegHeader& actual);

}  // namespace imgbench::reference
