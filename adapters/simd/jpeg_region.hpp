#pragma once
// The simd adapter's reduced decodes, for its shortcuts: only the part of a JPEG a crop needs, or
// all of it, through libjpeg-turbo's libjpeg API, at a reduced size where the resize after it
// allows.
#include <span>

#include "core/image.hpp"
#include "core/operation.hpp"

namespace imgbench::jpeg_region {

// The largest DCT scaling denominator (1, 2, 4 or 8) that leaves the resize after it a downscale
// of at least 2 on both axes. The scaled IDCT keeps the lower frequencies of each block, which is
// not the canonical filter: with at least 2x left, the antialiased resize removes most of the
// difference (measured on the sharp synthetic images: at least 33 dB against the reference, but
// 18 dB when the resize is left with under 2x; SEMANTICS.md, "crop batch").
int reduction_for(const Crop& crop, int out_width, int out_height);

// A crop decoded at a reduced size: the reduced pixels that cover it, and where the crop lies
// among them (fractional: a crop's edges need not fall on a reduced pixel's edge).
struct ReducedCrop {
  Image image;
  double x = 0, y = 0, width = 0, height = 0;
};

// The pixels of `crop` (full-size coordinates) decoded at 1/`reduction` of the size: libjpeg
// skips the rows above it (jpeg_skip_scanlines), decodes only the iMCU columns that cover it
// (jpeg_crop_scanline) and stops after its last row; the DCT is scaled by `reduction`. Decoded
// with the same IDCT and upsampling as the full decode, a reduction of 1 gives the same pixels.
// A larger one approximates an r x r average by the scaled IDCT: the reason this path is compared
// with the reference, not held to its tolerance. Throws Error for a corrupt JPEG or a crop
// outside the image.
ReducedCrop decode(std::span<const std::uint8_t> jpeg, const Crop& crop, int reduction);

}  // namespace imgbench::jpeg_region
