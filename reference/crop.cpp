#include <cstring>

#include "reference/kernels.hpp"
#include "reference/operations.hpp"

namespace imgbench::reference {

Image crop(const Image& input, const Crop& op) {
  output_shape(Operation{op}, input.shape());  // throws when the box is not inside the image
  Image output(op.width, op.height, input.channels());
  for (int y = 0; y < op.height; ++y) {
    std::memcpy(output.row(y), input.row(op.y + y) + static_cast<size_t>(op.x) * input.channels(),
                output.row_bytes());
  }
  return output;
}

}  // namespace imgbench::reference
