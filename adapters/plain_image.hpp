#pragma once
// The native image of the adapters that work on our own Image: the reference, TurboJPEG (whose
// decoder fills a plain buffer) and our simd kernels.
#include "adapters/adapter.hpp"

namespace imgbench {

struct PlainImage final : NativeImage {
  explicit PlainImage(Image i) : image(std::move(i)) {}
  Shape shape() const override { return image.shape(); }
  Image image;
};

inline NativePtr wrap_plain(Image image) {
  return std::make_unique<PlainImage>(std::move(image));
}
inline const Image& plain_image(const NativeImage& native) {
  return native_cast<PlainImage>(native).image;
}

}  // namespace imgbench
