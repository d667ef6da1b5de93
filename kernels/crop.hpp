#pragma once
// Crop: copies the box's rows. (A caller that can use a view needs no kernel at all.)
#include <cstddef>
#include <cstdint>

namespace imgbench::kernels {

void crop(const std::uint8_t* in, std::size_t in_stride, int x, int y, int width, int height,
          int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
