// blur: a Gaussian of standard deviation sigma, edges replicated (SEMANTICS.md, "blur").
#include <algorithm>
#include <cmath>

#include "reference/kernels.hpp"
#include "reference/ops/declare.hpp"

namespace imgbench::ops {

OperationDef declare_blur() {
  return declare<Blur>({
      .name = "blur",
      .summary = "Gaussian of standard deviation sigma (not a radius), edges replicated",
      .params = {{.name = "sigma",
                  .type = ParamDef::Type::real,
                  .min = 0,
                  .max = 100,
                  .min_exclusive = true,
                  .help = "the standard deviation, in pixels"}},
      .make = [](const ParamValues& p, const Shape&) { return Blur{p.real("sigma")}; },
      .text = [](const Blur& b) { return "blur:sigma=" + format_real(b.sigma); },
      .shape =
          [](const Blur& b, const Shape& input) {
            if (!(b.sigma > 0 && b.sigma <= 100)) {
              throw Error("blur: sigma must be in (0, 100], got " + format_real(b.sigma));
            }
            return input;
          },
      .reference = [](const Image& input, const Blur& op) { return reference::blur(input, op); },
      // Whole image: correct mappings >= 47.74 dB (Pillow's box approximation on a small dense
      // image), wrong sigmas and masks <= 45.0 dB. Border band (2 sigma): correct >= 44.84 dB
      // (Pillow, whose edge rule is replicate in each of its box passes, on a photo), a wrong edge
      // rule on the synthetic images <= 40.0 dB. Worst tile: correct >= 33.57 dB (Pillow on a
      // photo's fine detail).
      .tolerance =
          [](const Blur& b) {
            reference::Tolerance tolerance{47.0, 42.0, 30.0};
            // A wrong edge rule's error fades within about 2 sigma of the edge: a wider band
            // would dilute it, a narrower one would miss part of it.
            tolerance.border_band = std::max(1, static_cast<int>(std::ceil(2 * b.sigma)));
            return tolerance;
          },
      .cases =
          [](const Shape& input) {
            return std::vector<OperationCase>{
                case_of("blur:sigma=2", input, {}, {.vs_fastest = 1.0}),
                case_of("blur:sigma=4", input, {"quick", "levels"},
                        {.vs_pillow = 3.0, .vs_fastest = 1.5})};
          },
  });
}

}  // namespace imgbench::ops
