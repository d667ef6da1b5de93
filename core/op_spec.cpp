#include "core/op_spec.hpp"

#include <charconv>
#include <cmath>
#include <map>
#include <set>

#include "core/error.hpp"
#include "core/overloaded.hpp"

namespace imgbench {
namespace {

using Params = std::map<std::string, std::string, std::less<>>;

// Splits "name:key=value,key=value" and rejects keys the operation does not know.
Params parse_params(std::string_view op, std::string_view text,
                    const std::set<std::string>& known) {
  Params params;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      throw Error(std::string(op) + ": expected key=value, got '" + std::string(item) + "'");
    }
    std::string key(item.substr(0, equals));
    if (!known.contains(key)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      throw Error(std::string(op) + ": unknown parameter '" + key + "' (known: " + list + ")");
    }
    if (!params.emplace(key, std::string(item.substr(equals + 1))).second) {
      throw Error(std::string(op) + ": parameter '" + key + "' given twice");
    }
  }
  return params;
}

template <class T>
T parse_number(std::string_view op, const std::string& key, const std::string& value) {
  T result{};
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), result);
  if (error != std::errc{} || end != value.data() + value.size()) {
    throw Error(std::string(op) + ": parameter '" + key + "' is not a valid number: '" + value +
                "'");
  }
  return result;
}

template <class T>
T required(std::string_view op, const Params& params, const std::string& key) {
  const auto it = params.find(key);
  if (it == params.end()) throw Error(std::string(op) + ": missing parameter '" + key + "'");
  return parse_number<T>(op, key, it->second);
}

ResizeSpec parse_resize(const Params& p) {
  ResizeSpec spec;
  if (const auto it = p.find("filter"); it != p.end()) spec.filter = parse_filter(it->second);
  const bool by_factor = p.contains("scale");
  const bool by_size = p.contains("w") || p.contains("h");
  if (by_factor == by_size) throw Error("resize: give either scale=F or both w= and h=");
  if (by_factor) {
    spec.factor = required<double>("resize", p, "scale");
    if (!(std::isfinite(spec.factor) && spec.factor > 0)) {
      throw Error("resize: scale must be a positive number");
    }
  } else {
    spec.width = required<int>("resize", p, "w");
    spec.height = required<int>("resize", p, "h");
    if (spec.width <= 0 || spec.height <= 0) throw Error("resize: w and h must be positive");
  }
  return spec;
}

}  // namespace

StepSpec parse_step(std::string_view text) {
  const auto colon = text.find(':');
  const std::string_view name = text.substr(0, colon);
  const std::string_view rest =
      colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  if (name == "rotate90") {
    parse_params(name, rest, {});
    return Rotate90{};
  }
  if (name == "resize")
    return parse_resize(parse_params(name, rest, {"scale", "w", "h", "filter"}));
  if (name == "blur") {
    const Blur blur{required<double>(name, parse_params(name, rest, {"sigma"}), "sigma")};
    if (!(blur.sigma > 0 && blur.sigma <= 100)) throw Error("blur: sigma must be in (0, 100]");
    return blur;
  }
  if (name == "crop") {
    const Params p = parse_params(name, rest, {"x", "y", "w", "h"});
    return Crop{required<int>(name, p, "x"), required<int>(name, p, "y"),
                required<int>(name, p, "w"), required<int>(name, p, "h")};
  }
  if (name == "save") {
    const Params p = parse_params(name, rest, {"quality"});
    SaveSpec save;
    if (p.contains("quality")) save.quality = required<int>(name, p, "quality");
    if (save.quality < 1 || save.quality > 100) throw Error("save: quality must be in 1..100");
    return save;
  }
  throw Error("unknown operation '" + std::string(name) +
              "' (expected rotate90, resize, blur, crop or save)");
}

int scaled_size(int size, double factor) {
  const double scaled = std::round(size / factor);
  if (scaled < 1) return 1;
  if (scaled > 1e9) throw Error("resize: output size overflows");
  return static_cast<int>(scaled);
}

Transform resolve(const StepSpec& step, const Shape& input) {
  const Transform transform =
      std::visit(Overloaded{
                     [&](const ResizeSpec& r) -> Transform {
                       if (r.factor > 0) {
                         return Resize{scaled_size(input.width, r.factor),
                                       scaled_size(input.height, r.factor), r.filter, r.factor};
                       }
                       return Resize{r.width, r.height, r.filter};
                     },
                     [](const SaveSpec&) -> Transform {
                       throw Error("save: only valid as the last step, with a JPEG output");
                     },
                     [](const auto& t) -> Transform { return t; },
                 },
                 step);
  output_shape(transform, input);  // validates the parameters against the input
  return transform;
}

}  // namespace imgbench
