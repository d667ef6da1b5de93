#include "core/operation.hpp"

#include "core/error.hpp"
#include "core/overloaded.hpp"

namespace imgbench {

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

ImageFormat parse_image_format(std::string_view name) {
  for (ImageFormat format : {ImageFormat::jpeg, ImageFormat::png, ImageFormat::ppm}) {
    if (to_string(format) == name) return format;
  }
  throw Error("unknown image format '" + std::string(name) + "' (expected jpeg, png or ppm)");
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

}  // namespace imgbench
