#include "reference/jpeg_header.hpp"

#include "core/error.hpp"

namespace imgbench::reference {
namespace {

int read_u16(std::span<const std::uint8_t> b, std::size_t at) {
  return b[at] << 8 | b[at + 1];
}

void parse_quant_tables(std::span<const std::uint8_t> segment, JpegHeader& header) {
  std::size_t pos = 0;
  while (pos < segment.size()) {
    const int precision = segment[pos] >> 4;
    const int id = segment[pos] & 15;
    ++pos;
    const std::size_t size = precision ? 128 : 64;
    if (segment.size() - pos < size) throw Error("JPEG: truncated DQT segment");
    std::array<int, 64> values{};
    for (int i = 0; i < 64; ++i) {
      values[i] = precision ? read_u16(segment, pos + 2 * i) : segment[pos + i];
    }
    header.quant_tables[id] = values;
    pos += size;
  }
}

void parse_huffman_tables(std::span<const std::uint8_t> segment, JpegHeader& header) {
  std::size_t pos = 0;
  while (pos < segment.size()) {
    if (segment.size() - pos < 17) throw Error("JPEG: truncated DHT segment");
    const int key = segment[pos];
    std::size_t symbols = 0;
    for (int i = 1; i <= 16; ++i) symbols += segment[pos + i];
    if (segment.size() - pos < 17 + symbols) throw Error("JPEG: truncated DHT segment");
    header.huffman_tables[key].assign(segment.begin() + static_cast<long>(pos + 1),
                                      segment.begin() + static_cast<long>(pos + 17 + symbols));
    pos += 17 + symbols;
  }
}

void parse_frame(int marker, std::span<const std::uint8_t> segment, JpegHeader& header) {
  if (segment.size() < 6) throw Error("JPEG: truncated frame header");
  header.frame_marker = marker;
  header.precision = segment[0];
  header.height = read_u16(segment, 1);
  header.width = read_u16(segment, 3);
  const int count = segment[5];
  if (segment.size() < 6 + 3 * static_cast<std::size_t>(count))
    throw Error("JPEG: truncated frame header");
  for (int c = 0; c < count; ++c) {
    const auto* p = &segment[6 + 3 * c];
    header.components.push_back({p[0], p[1] >> 4, p[1] & 15, p[2]});
  }
}

}  // namespace

std::string JpegHeader::frame_name() const {
  switch (frame_marker) {
    case 0xC0: return "baseline";
    case 0xC1: return "extended";
    case 0xC2: return "progressive";
    default: return "SOF" + std::to_string(frame_marker - 0xC0);
  }
}

std::string JpegHeader::sampling_name() const {
  if (components.size() == 1) return "gray";
  if (components.size() == 3 && components[1].h_sampling == 1 && components[1].v_sampling == 1 &&
      components[2].h_sampling == 1 && components[2].v_sampling == 1) {
    const int h = components[0].h_sampling, v = components[0].v_sampling;
    if (h == 1 && v == 1) return "4:4:4";
    if (h == 2 && v == 2) return "4:2:0";
    if (h == 2 && v == 1) return "4:2:2";
    if (h == 1 && v == 2) return "4:4:0";
  }
  std::string text;
  for (const auto& c : components) {
    text += (text.empty() ? "" : ",") + std::to_string(c.h_sampling) + "x" +
            std::to_string(c.v_sampling);
  }
  return text;
}

namespace {

// Walks the marker segments from SOI, calling `visit(marker, segment)` for each, up to and
// including the first SOS; returns the offset just past the SOS segment.
template <class Visit>
std::size_t walk_segments(std::span<const std::uint8_t> bytes, Visit visit) {
  if (bytes.size() < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) throw Error("JPEG: no SOI marker");
  std::size_t pos = 2;
  while (pos + 4 <= bytes.size()) {
    if (bytes[pos] != 0xFF) throw Error("JPEG: marker expected at offset " + std::to_string(pos));
    const int marker = bytes[pos + 1];
    if (marker == 0xFF) {  // fill byte
      ++pos;
      continue;
    }
    const int length = read_u16(bytes, pos + 2);
    if (length < 2 || pos + 2 + length > bytes.size())
      throw Error("JPEG: truncated marker segment");
    visit(marker, bytes.subspan(pos + 4, static_cast<std::size_t>(length - 2)));
    pos += 2 + static_cast<std::size_t>(length);
    if (marker == 0xDA) return pos;  // start of scan
  }
  throw Error("JPEG: no start of scan");
}

}  // namespace

bool jpeg_has_end_marker(std::span<const std::uint8_t> bytes) {
  std::size_t scan = 0;
  try {
    scan = walk_segments(bytes, [](int, std::span<const std::uint8_t>) {});
  } catch (const Error&) {
    return false;
  }
  for (std::size_t i = scan; i + 1 < bytes.size(); ++i) {
    if (bytes[i] == 0xFF && bytes[i + 1] == 0xD9) return true;
  }
  return false;
}

JpegHeader parse_jpeg_header(std::span<const std::uint8_t> bytes) {
  JpegHeader header;
  walk_segments(bytes, [&](int marker, std::span<const std::uint8_t> segment) {
    if (marker == 0xDB) parse_quant_tables(segment, header);
    if (marker == 0xC4) parse_huffman_tables(segment, header);
    if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
      parse_frame(marker, segment, header);
    }
  });
  if (header.frame_marker == 0) throw Error("JPEG: no frame header");
  return header;
}

std::string compare_jpeg_headers(const JpegHeader& expected, const JpegHeader& actual) {
  if (expected.frame_marker != actual.frame_marker) {
    return "frame " + actual.frame_name() + ", expected " + expected.frame_name();
  }
  if (expected.width != actual.width || expected.height != actual.height) return "size differs";
  if (expected.sampling_name() != actual.sampling_name()) {
    return "subsampling " + actual.sampling_name() + ", expected " + expected.sampling_name();
  }
  if (expected.components.size() != actual.components.size()) return "component count differs";
  for (std::size_t c = 0; c < expected.components.size(); ++c) {
    const auto e = expected.quant_tables.find(expected.components[c].quant_table);
    const auto a = actual.quant_tables.find(actual.components[c].quant_table);
    if (e == expected.quant_tables.end() || a == actual.quant_tables.end()) {
      return "component " + std::to_string(c) + " has no quantisation table";
    }
    if (e->second != a->second) {
      return "quantisation table of component " + std::to_string(c) + " differs (quality?)";
    }
  }
  if (expected.huffman_tables != actual.huffman_tables) {
    return "Huffman tables differ (optimised instead of standard?)";
  }
  return "";
}

}  // namespace imgbench::reference
