#pragma once
// The text form of a pipeline step, as typed on the command line:
//   rotate90 | resize:scale=2.5,filter=lanczos3 | resize:w=640,h=400 | blur:sigma=2
//   crop:x=10,y=20,w=300,h=200 | save:quality=85
// A step may depend on the size of its input (resize by a factor); resolve() makes it concrete.
#include <string>
#include <string_view>
#include <variant>

#include "core/operation.hpp"

namespace imgbench {

struct ResizeSpec {
  double factor = 0;  // downscale factor f: output round(w / f) x round(h / f)
  int width = 0;      // or an explicit output size (factor == 0)
  int height = 0;
  Filter filter = Filter::bicubic;
};
struct SaveSpec {
  int quality = 85;
};
using StepSpec = std::variant<Rotate90, ResizeSpec, Blur, Crop, SaveSpec>;

// Throws Error naming the unknown operation, parameter or malformed value.
StepSpec parse_step(std::string_view text);

// The output size of a resize by factor f: round(n / f), at least 1 pixel.
int scaled_size(int size, double factor);

// The concrete transform for an input of `input` shape; validated by output_shape().
Transform resolve(const StepSpec& step, const Shape& input);

}  // namespace imgbench
