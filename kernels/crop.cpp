#include "kernels/crop.hpp"

#include <cstring>

namespace imgbench::kernels {

// memcpy is already the machine's best copy; there is nothing for SIMD code to add.
void crop(const std::uint8_t* in, std::size_t in_stride, int x, int y, int width, int height,
          int channels, std::uint8_t* out, std::size_t out_stride) {
  const std::size_t row_bytes = static_cast<std::size_t>(width) * channels;
  const std::uint8_t* first =
      in + static_cast<std::size_t>(y) * in_stride + static_cast<std::size_t>(x) * channels;
  for (int row = 0; row < height; ++row) {
    std::memcpy(out + static_cast<std::size_t>(row) * out_stride,
                first + static_cast<std::size_t>(row) * in_stride, row_bytes);
  }
}

}  // namespace imgbench::kernels
