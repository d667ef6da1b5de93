#include "adapters/shrink_on_load.hpp"

#include <algorithm>
#include <utility>

#include "reference/codec.hpp"

namespace imgbench::shrink_on_load {
namespace {

// Left to the library's filter after the reduced decode, at least: the full cycle's 2.5x at 1/2.
// Less would hand the whole resize to the scaled IDCT, whose output is not the filter's.
constexpr double kLeastLeftForTheFilter = 1.25;

// The resize's factor: the one asked for (scale=N), else the smaller of the sides' ratios, whose
// rounding would otherwise move the choice at a boundary (8.01x is an 8x thumbnail).
double factor_of(const Resize& resize, const Shape& source) {
  if (resize.nominal_factor > 0) return resize.nominal_factor;
  return std::min(static_cast<double>(source.width) / resize.width,
                  static_cast<double>(source.height) / resize.height);
}

}  // namespace

std::optional<Plan> plan(std::span<const Transform> steps, const Shape& source) {
  std::size_t first = 0;
  while (first < steps.size() && std::holds_alternative<Rotate90>(steps[first])) ++first;
  if (first == steps.size() || !std::holds_alternative<Resize>(steps[first])) return std::nullopt;
  Resize resize = std::get<Resize>(steps[first]);
  if (first % 2 == 1) std::swap(resize.width, resize.height);  // the source is not rotated yet
  const double factor = factor_of(resize, source);
  Plan plan;
  for (const int reduction : {8, 4, 2}) {
    if (reduction * kLeastLeftForTheFilter <= factor) {
      plan.reduction = reduction;
      break;
    }
  }
  if (plan.reduction == 1) return std::nullopt;
  plan.steps.push_back(resize);
  plan.steps.insert(plan.steps.end(), steps.begin(), steps.begin() + first);
  plan.steps.insert(plan.steps.end(), steps.begin() + first + 1, steps.end());
  return plan;
}

Shortcut shortcut(const Adapter& adapter, std::string call, ReducedDecode decode) {
  Shortcut shortcut;
  shortcut.name = "shrink-on-load";
  shortcut.call = std::move(call);
  shortcut.matches = [](std::span<const Transform> steps, const Shape& source, ImageFormat format) {
    return format == ImageFormat::jpeg && plan(steps, source).has_value();
  };
  shortcut.run = [&adapter, decode = std::move(decode)](std::span<const std::uint8_t> jpeg,
                                                        std::span<const Transform> steps) {
    const Shape source = reference::probe_shape(jpeg, "shrink on load");
    const std::optional<Plan> planned = plan(steps, source);
    if (!planned)
      throw Error("shrink on load: the steps do not start with a downscale of 2x or more");
    NativePtr image = decode(jpeg, source, planned->reduction);
    for (const Transform& step : planned->steps) image = adapter.apply(*image, step);
    return image;
  };
  return shortcut;
}

const Resize* thumbnail_request(std::span<const Transform> steps, const Shape& source,
                                ImageFormat format) {
  const Resize* resize = steps.size() == 1 ? std::get_if<Resize>(&steps[0]) : nullptr;
  const bool thumbnail = format == ImageFormat::jpeg && resize &&
                         resize->filter == Filter::lanczos3 && !upscales(*resize, source);
  return thumbnail ? resize : nullptr;
}

}  // namespace imgbench::shrink_on_load
