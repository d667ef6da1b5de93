#pragma once
// The canonical operations, as plain values. Their meaning is defined in reference/SEMANTICS.md;
// each is declared once in reference/ops/ (name, parameters, text form, output shape, reference
// kernel, tolerance, suites: reference/operations.hpp), and adapters map them to their library's
// calls.
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/image.hpp"

namespace imgbench {

enum class Filter { bilinear, bicubic, lanczos3, area };
inline constexpr Filter kAllFilters[] = {Filter::bilinear, Filter::bicubic, Filter::lanczos3,
                                         Filter::area};
std::string_view to_string(Filter filter);
Filter parse_filter(std::string_view name);  // throws Error on an unknown name

enum class ImageFormat { jpeg, png, ppm };
std::string_view to_string(ImageFormat format);
ImageFormat parse_image_format(std::string_view name);  // throws Error on an unknown name

struct Decode {
  ImageFormat format = ImageFormat::jpeg;
};
// Canonical save: baseline JPEG, 4:2:0 (gray stays gray), accurate DCT, standard Huffman tables.
struct EncodeJpeg {
  int quality = 85;
};
struct Rotate90 {};  // clockwise
struct Resize {
  int width = 0;  // output size: this is what the operation means
  int height = 0;
  Filter filter = Filter::bicubic;
  // The factor the size was derived from, when it came from one (0 otherwise). Informational:
  // the canonical per-axis scale is in/out; known-wrong variants use it to make the naive call.
  double nominal_factor = 0;
};
struct Blur {
  double sigma = 0;
};
struct Crop {
  int x = 0, y = 0, width = 0, height = 0;
};
struct Grayscale {};  // BT.601 luma of RGB or RGBA: one channel

// Pixel-to-pixel operations.
using Transform = std::variant<Rotate90, Resize, Blur, Crop, Grayscale>;
// Everything an adapter may be asked to do.
using Operation = std::variant<Decode, EncodeJpeg, Rotate90, Resize, Blur, Crop, Grayscale>;

Operation to_operation(const Transform& transform);
// The transform inside `op`, or nullopt for decode and encode.
std::optional<Transform> as_transform(const Operation& op);

}  // namespace imgbench
