// rotate90: a quarter turn clockwise (SEMANTICS.md, "rotate90"). Bit-exact everywhere.
#include "reference/kernels.hpp"
#include "reference/ops/declare.hpp"

namespace imgbench::ops {

OperationDef declare_rotate90() {
  return declare<Rotate90>({
      .name = "rotate90",
      .summary = "a quarter turn clockwise",
      .make = [](const ParamValues&, const Shape&) { return Rotate90{}; },
      .text = [](const Rotate90&) { return std::string("rotate90"); },
      .shape =
          [](const Rotate90&, const Shape& input) {
            return Shape{input.height, input.width, input.channels};
          },
      .reference = [](const Image& input, const Rotate90&) { return reference::rotate90(input); },
      .tolerance = [](const Rotate90&) { return reference::Tolerance{}; },
      .cases =
          [](const Shape& input) {
            // A copy with its bytes moved: it must read them at half memcpy's rate at least.
            return std::vector<OperationCase>{
                case_of("rotate90", input, {"quick", "levels"}, {.memcpy_share = 0.5})};
          },
  });
}

}  // namespace imgbench::ops
