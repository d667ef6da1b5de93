#include "core/image.hpp"

#include <cstring>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace imgbench {

std::string to_string(const Shape& shape) {
  return std::to_string(shape.width) + "x" + std::to_string(shape.height) + "x" +
         std::to_string(shape.channels);
}

Image::Image(int width, int height, int channels, std::size_t stride) {
  check_image_size(width, height, "image");
  if (channels != 1 && channels != 3 && channels != 4) {
    throw Error("image: unsupported channel count " + std::to_string(channels) +
                " (1, 3 or 4 expected)");
  }
  shape_ = {width, height, channels};
  stride_ = stride == 0 ? row_bytes() : stride;
  if (stride_ < row_bytes()) throw Error("image: stride smaller than a row");
  data_.assign(stride_ * static_cast<std::size_t>(height), 0);
}

bool Image::same_pixels(const Image& other) const {
  if (shape_ != other.shape_) return false;
  for (int y = 0; y < height(); ++y) {
    if (std::memcmp(row(y), other.row(y), row_bytes()) != 0) return false;
  }
  return true;
}

}  // namespace imgbench
