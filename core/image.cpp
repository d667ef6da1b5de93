#include "core/image.hpp"

#include <cstring>

#include "core/error.hpp"
#include "core/limits.hpp"

namespace imgbench {

std::string to_string(const Shape& shape) {
  return std::to_string(shape.width) + "x" + std::to_string(shape.height) + "x" +
         std::to_string(shape.channels);
}

Image::Image(int width, int height, int channels, std::size_t stride)
    : Image(Shape{width, height, channels}, stride, PixelBuffer::Fill::zero) {}

Image Image::uninitialized(int width, int height, int channels) {
  return Image(Shape{width, height, channels}, 0, PixelBuffer::Fill::none);
}

Image::Image(const Shape& shape, std::size_t stride, PixelBuffer::Fill fill) {
  check_image_size(shape.width, shape.height, "image");
  if (shape.channels != 1 && shape.channels != 3 && shape.channels != 4) {
    throw Error("image: unsupported channel count " + std::to_string(shape.channels) +
                " (1, 3 or 4 expected)");
  }
  shape_ = shape;
  stride_ = stride == 0 ? row_bytes() : stride;
  if (stride_ < row_bytes()) throw Error("image: stride smaller than a row");
  data_ = PixelBuffer(stride_ * static_cast<std::size_t>(shape.height), fill);
}

bool Image::same_pixels(const Image& other) const {
  if (shape_ != other.shape_) return false;
  for (int y = 0; y < height(); ++y) {
    if (std::memcmp(row(y), other.row(y), row_bytes()) != 0) return false;
  }
  return true;
}

}  // namespace imgbench
