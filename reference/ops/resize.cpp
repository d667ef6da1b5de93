// resize: separable, antialiased resampling to a given size (SEMANTICS.md, "resize"), by a factor
// (scale=F: round(n / F) on each axis) or to w x h, with one of four filters.
#include "core/limits.hpp"
#include "reference/kernels.hpp"
#include "reference/ops/declare.hpp"

namespace imgbench::ops {
namespace {

ParamDef side(const char* name, const char* help) {
  return {.name = name,
          .type = ParamDef::Type::integer,
          .min = 1,
          .max = 2147483647.0,
          .optional = true,
          .help = help};
}

Resize make_resize(const ParamValues& p, const Shape& input) {
  const Filter filter = parse_filter(p.text("filter"));
  const bool by_factor = p.has("scale");
  const bool any_size = p.has("w") || p.has("h");
  if (by_factor == any_size || (any_size && !(p.has("w") && p.has("h")))) {
    throw Error("resize: give either scale=F or both w= and h=");
  }
  if (by_factor) {
    const double factor = p.real("scale");
    return Resize{scaled_size(input.width, factor), scaled_size(input.height, factor), filter,
                  factor};
  }
  return Resize{p.integer("w"), p.integer("h"), filter};
}

Shape resize_shape(const Resize& r, const Shape& input) {
  check_image_size(r.width, r.height, "resize output");
  if (r.filter == Filter::area && (r.width > input.width || r.height > input.height)) {
    throw Error("resize: the area filter is defined for downscaling only (" +
                std::to_string(input.width) + "x" + std::to_string(input.height) + " -> " +
                std::to_string(r.width) + "x" + std::to_string(r.height) + ")");
  }
  return Shape{r.width, r.height, input.channels};
}

std::vector<OperationCase> resize_cases(const Shape& input) {
  std::vector<OperationCase> cases;
  for (const Filter filter : kAllFilters) {
    // bicubic is the full cycle's filter and area our exact one: those two are the quick suite's.
    std::set<std::string> suites;
    if (filter == Filter::bicubic || filter == Filter::area) suites = {"quick", "levels"};
    // Our kernel against the libraries' windowed filters, where Pillow has them too.
    SpeedTarget target;
    if (filter == Filter::bicubic || filter == Filter::lanczos3) target = {5.0, 1.5, 0};
    cases.push_back(case_of("resize:scale=2.5,filter=" + std::string(to_string(filter)), input,
                            std::move(suites), target));
  }
  return cases;
}

}  // namespace

OperationDef declare_resize() {
  return declare<Resize>({
      .name = "resize",
      .summary = "separable antialiased resampling to a size (downscales are verified)",
      .params = {{.name = "scale",
                  .type = ParamDef::Type::real,
                  .min = 0,
                  .max = 1e6,
                  .min_exclusive = true,
                  .optional = true,
                  .help = "downscale factor F: round(n / F) on each axis (or w= and h=)"},
                 side("w", "output width (with h=)"),
                 side("h", "output height (with w=)"),
                 {.name = "filter",
                  .type = ParamDef::Type::choice,
                  .choices = {"bilinear", "bicubic", "lanczos3", "area"},
                  .fallback = "bicubic",
                  .help = "the kernel, widened by the scale when downscaling"}},
      .make = make_resize,
      .text =
          [](const Resize& r) {
            return "resize:w=" + std::to_string(r.width) + ",h=" + std::to_string(r.height) +
                   ",filter=" + std::string(to_string(r.filter));
          },
      .shape = resize_shape,
      .reference = [](const Image& input,
                      const Resize& op) { return reference::resize(input, op); },
      // The measurements behind each threshold, and their margins, are in SEMANTICS.md
      // ("Tolerances"). Whole image: correct mappings >= 49.3 dB, wrong filters <= 39.4 dB on the
      // synthetic images. Border band (8 px): correct >= 53.2 dB, padding instead of
      // renormalising <= 38.0 dB. Worst tile: correct >= 38.0 dB (vips's fixed point near sharp
      // edges).
      .tolerance =
          [](const Resize&) {
            return reference::Tolerance{48.0, 46.0, 30.0};
          },
      .cases = resize_cases,
  });
}

}  // namespace imgbench::ops
