#pragma once
// JPEG through the TurboJPEG API, to and from our Image: shared by the turbojpeg adapter and the
// simd adapter (whose kernels do the pixel work).
#include <span>

#include "core/file_io.hpp"
#include "core/image.hpp"

namespace imgbench::turbojpeg {

// RGB (or gray) with the accurate IDCT; a truncated or corrupt file is an error.
Image decode(std::span<const std::uint8_t> jpeg);

// 4:2:0 (gray stays gray); `accurate_dct` selects the canonical ISLOW forward DCT, without which
// TurboJPEG uses the fast one below quality 96.
Bytes encode(const Image& image, int quality, bool accurate_dct = true);

}  // namespace imgbench::turbojpeg
