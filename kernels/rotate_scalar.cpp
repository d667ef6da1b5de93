#include "kernels/rotate.hpp"
#include "kernels/rotate_tiles.hpp"

namespace imgbench::kernels {

void rotate90_scalar(const std::uint8_t* in, std::size_t in_stride, int width, int height,
                     int channels, std::uint8_t* out, std::size_t out_stride) {
  detail::rotate_pixels(channels, in, in_stride, height, out, out_stride, 0, width, 0, height);
}

}  // namespace imgbench::kernels
