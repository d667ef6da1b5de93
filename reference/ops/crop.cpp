// crop: an exact copy of a box inside the image (SEMANTICS.md, "crop"). Bit-exact everywhere.
#include <algorithm>

#include "reference/kernels.hpp"
#include "reference/ops/declare.hpp"

namespace imgbench::ops {
namespace {

ParamDef coordinate(const char* name, int min, const char* help) {
  return {.name = name,
          .type = ParamDef::Type::integer,
          .min = double(min),
          .max = 2147483647.0,
          .help = help};
}

}  // namespace

OperationDef declare_crop() {
  return declare<Crop>({
      .name = "crop",
      .summary = "an exact copy of a box inside the image",
      .params = {coordinate("x", 0, "left edge"), coordinate("y", 0, "top edge"),
                 coordinate("w", 1, "width"), coordinate("h", 1, "height")},
      .make =
          [](const ParamValues& p, const Shape&) {
            return Crop{p.integer("x"), p.integer("y"), p.integer("w"), p.integer("h")};
          },
      .text =
          [](const Crop& c) {
            return "crop:x=" + std::to_string(c.x) + ",y=" + std::to_string(c.y) +
                   ",w=" + std::to_string(c.width) + ",h=" + std::to_string(c.height);
          },
      .shape =
          [](const Crop& c, const Shape& input) {
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
      .reference = [](const Image& input, const Crop& op) { return reference::crop(input, op); },
      .tolerance = [](const Crop&) { return reference::Tolerance{}; },
      .cases =
          [](const Shape& input) {
            // Half the image at odd offsets, so that no library gets away with an aligned fast
            // path.
            const int w = std::max(1, input.width / 2), h = std::max(1, input.height / 2);
            const Crop box{std::min(input.width / 5 | 1, input.width - w),
                           std::min(input.height / 7 | 1, input.height - h), w, h};
            return std::vector<OperationCase>{case_of(to_string(Operation{box}), input, {"quick"})};
          },
  });
}

}  // namespace imgbench::ops
