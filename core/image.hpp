#pragma once
// The common image: 8-bit samples, interleaved channels (1 gray, 3 RGB, 4 RGBA), rows `stride`
// bytes apart. Used only at boundaries (files, verification); timed code uses each library's
// own native type.
#include <cstddef>
#include <cstdint>
#include <string>
#include "core/pixel_buffer.hpp"

namespace imgbench {

struct Shape {
  int width = 0;
  int height = 0;
  int channels = 0;
  friend bool operator==(const Shape&, const Shape&) = default;
};

std::string to_string(const Shape& shape);  // "640x480x3"

class Image {
 public:
  Image() = default;
  // Zero-filled; stride 0 means tightly packed (width * channels).
  Image(int width, int height, int channels, std::size_t stride = 0);
  // Tightly packed and not filled: for code that writes every row before anything reads it.
  static Image uninitialized(int width, int height, int channels);

  int width() const { return shape_.width; }
  int height() const { return shape_.height; }
  int channels() const { return shape_.channels; }
  const Shape& shape() const { return shape_; }
  std::size_t stride() const { return stride_; }
  std::size_t row_bytes() const { return static_cast<std::size_t>(shape_.width) * shape_.channels; }
  bool empty() const { return data_.empty(); }

  std::uint8_t* row(int y) { return data_.data() + static_cast<std::size_t>(y) * stride_; }
  const std::uint8_t* row(int y) const {
    return data_.data() + static_cast<std::size_t>(y) * stride_;
  }
  std::uint8_t* data() { return data_.data(); }
  const std::uint8_t* data() const { return data_.data(); }

  std::uint8_t& at(int x, int y, int c) { return row(y)[x * shape_.channels + c]; }
  std::uint8_t at(int x, int y, int c) const { return row(y)[x * shape_.channels + c]; }

  // Same shape and the same samples (padding bytes are ignored).
  bool same_pixels(const Image& other) const;

 private:
  Image(const Shape& shape, std::size_t stride, PixelBuffer::Fill fill);

  Shape shape_;
  std::size_t stride_ = 0;
  PixelBuffer data_;
};

}  // namespace imgbench
