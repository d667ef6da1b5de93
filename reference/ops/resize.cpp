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
      // Per filter, each criterion set by the loosest exact mapping, with a margin, above the
      // tightest wrong one, over the test images, the photos and the unit tests' dense 203x157
      // images (`imgbench verify --variants --json`, reports/verify_margins.py; SEMANTICS.md,
      // "Tolerances", has every figure). Whole image / each edge's 8-px band / worst tile, in dB:
      // * bilinear: libvips (fixed point) >= 52.02 / 51.03 / 40.85; Pillow's reducing_gap (a box
      //   reduction first) on photos and libvips' nominal scale, never above both local
      //   thresholds. 1.6 dB on each side.
      // * bicubic: libvips >= 49.71 / 49.11 / 38.12 (0.62 dB above the tile threshold); the
      //   nearest wrong mapping, libvips' nominal scale on photo-chelsea, 0.83 dB below.
      // * lanczos3: libvips >= 48.59 / 49.07 / 38.00 (0.59 dB above the whole-image threshold);
      //   Pillow's reducing_gap is caught 0.59 dB below the tile threshold on photo-bythewater.
      // * area: our kernel, the least exact, >= 67.95 / 67.06 / 62.21 (OpenCV and GraphicsMagick
      //   are exact); another filter in its place <= 50.3 on the photos.
      .tolerance =
          [](const Resize& r) {
            switch (r.filter) {
              case Filter::bilinear: return reference::Tolerance{48.0, 48.75, 39.25};
              case Filter::bicubic: return reference::Tolerance{48.0, 46.75, 37.5};
              case Filter::lanczos3: return reference::Tolerance{48.0, 46.25, 37.25};
              case Filter::area: return reference::Tolerance{60.0, 60.0, 55.0};
            }
            throw Error("resize: unknown filter");
          },
      .cases = resize_cases,
  });
}

}  // namespace imgbench::ops
