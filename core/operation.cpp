#include "core/operation.hpp"

#include <cstdio>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "core/overloaded.hpp"

namespace imgbench {
namespace {

std::string format_number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

std::string_view to_string(Filter filter) {
  switch (filter) {
    case Filter::bilinear: return "bilinear";
    case Filter::bicubic: return "bicubic";
    case Filter::lanczos3: return "lanczos3";
    case Filter::area: return "area";
  }
  return "?";
}

Filter parse_filter(std::string_view name) {
  for (Filter filter : kAllFilters) {
    if (to_string(filter) == name) return filter;
  }
  throw Error("unknown resize filter '" + std::string(name) +
              "' (expected bilinear, bicubic, lanczos3 or area)");
}

std::string_view to_string(ImageFormat format) {
  switch (format) {
    case ImageFormat::jpeg: return "jpeg";
    case ImageFormat::png: return "png";
    case ImageFormat::ppm: return "ppm";
  }
  return "?";
}

Operation to_operation(const Transform& transform) {
  return std::visit([](const auto& t) -> Operation { return t; }, transform);
}

std::optional<Transform> as_transform(const Operation& op) {
  return std::visit(Overloaded{
                        [](const Decode&) -> std::optional<Transform> { return std::nullopt; },
                        [](const EncodeJpeg&) -> std::optional<Transform> { return std::nullopt; },
                        [](const auto& transform) -> std::optional<Transform> { return transform; },
                    },
                    op);
}

std::string_view kind_name(const Operation& op) {
  return std::visit(Overloaded{
                        [](const Decode&) { return "decode"; },
                        [](const EncodeJpeg&) { return "encode"; },
                        [](const Rotate90&) { return "rotate90"; },
                        [](const Resize&) { return "resize"; },
                        [](const Blur&) { return "blur"; },
                        [](const Crop&) { return "crop"; },
                    },
                    op);
}

std::string to_string(const Operation& op) {
  return std::visit(
      Overloaded{
          [](const Decode& d) { return "decode:format=" + std::string(to_string(d.format)); },
          [](const EncodeJpeg& e) { return "encode:quality=" + std::to_string(e.quality); },
          [](const Rotate90&) { return std::string("rotate90"); },
          [](const Resize& r) {
            return "resize:w=" + std::to_string(r.width) + ",h=" + std::to_string(r.height) +
                   ",filter=" + std::string(to_string(r.filter));
          },
          [](const Blur& b) { return "blur:sigma=" + format_number(b.sigma); },
          [](const Crop& c) {
            return "crop:x=" + std::to_string(c.x) + ",y=" + std::to_string(c.y) +
                   ",w=" + std::to_string(c.width) + ",h=" + std::to_string(c.height);
          },
      },
      op);
}

Shape output_shape(const Transform& transform, const Shape& input) {
  return std::visit(
      Overloaded{
          [&](const Rotate90&) {
            return Shape{input.height, input.width, input.channels};
          },
          [&](const Resize& r) {
            check_image_size(r.width, r.height, "resize output");
            if (r.filter == Filter::area && (r.width > input.width || r.height > input.height)) {
              throw Error("resize: the area filter is defined for downscaling only (" +
                          std::to_string(input.width) + "x" + std::to_string(input.height) +
                          " -> " + std::to_string(r.width) + "x" + std::to_string(r.height) + ")");
            }
            return Shape{r.width, r.height, input.channels};
          },
          [&](const Blur& b) {
            if (!(b.sigma > 0 && b.sigma <= 100)) {
              throw Error("blur: sigma must be in (0, 100], got " + format_number(b.sigma));
            }
            return input;
          },
          [&](const Crop& c) {
            const bool inside = c.x >= 0 && c.y >= 0 && c.width > 0 && c.height > 0 &&
                                c.x <= input.width - c.width && c.y <= input.height - c.height;
            if (!inside) {
              throw Error("crop: box " + std::to_string(c.width) + "x" + std::to_string(c.height) +
                          "+" + std::to_string(c.x) + "+" + std::to_string(c.y) +
                          " is not inside the " + std::to_string(input.width) + "x" +
                          std::to_string(input.height) + " image");
            }
            return Shape{c.width, c.height, input.channels};
          },
      },
      transform);
}

}  // namespace imgbench
