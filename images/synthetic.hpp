#pragma once
// Deterministic synthetic test images built to expose semantic differences between libraries:
// smooth gradients (rounding, bias), a zone plate reaching Nyquist (aliasing, kernel shape),
// 2-6 px stripes and a 3 px checkerboard (filter support, phase), hard-edged shapes and text
// (ringing, edges), and Gaussian sensor-like noise (sigma 6) over everything.
#include <cstdint>

#include "core/image.hpp"

namespace imgbench::images {

// RGB. The same arguments always give the same pixels, on every machine.
Image make_synthetic(int width, int height, std::uint64_t seed = 1);

// The same picture with an alpha channel (a gradient with a transparent hole), RGBA.
Image make_synthetic_rgba(int width, int height, std::uint64_t seed = 1);

// The same picture as 1-channel luma (BT.601 weights, rounded).
Image make_synthetic_gray(int width, int height, std::uint64_t seed = 1);

}  // namespace imgbench::images
