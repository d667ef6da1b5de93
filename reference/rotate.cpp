#include "reference/kernels.hpp"

namespace imgbench::reference {

// Clockwise: the input's left column becomes the output's top row, read bottom to top.
Image rotate90(const Image& input) {
  Image output(input.height(), input.width(), input.channels());
  for (int y = 0; y < output.height(); ++y) {
    for (int x = 0; x < output.width(); ++x) {
      const int source_x = y;
      const int source_y = input.height() - 1 - x;
      for (int c = 0; c < input.channels(); ++c) {
        output.at(x, y, c) = input.at(source_x, source_y, c);
      }
    }
  }
  return output;
}

}  // namespace imgbench::reference
