#pragma once
// Gaussian blur (reference/SEMANTICS.md): a separable convolution with the sampled Gaussian in
// fixed point, edges replicated. Horizontal pass first, each input row once, into a ring of int16
// intermediate rows; then the vertical pass over the ring.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace imgbench::kernels {

// The symmetric 15-bit taps: weights[0] is the centre, weights[k] applies at distance k.
// weights[0] + 2 * (weights[1] + ...) == 32768 (the centre saturates at 32767 for tiny sigma).
// The canonical kernel reaches 8 sigma; taps are kept up to the radius where the two tails left
// out weigh at most kDroppedMass together (about 3.3 sigma), folded into the centre. At a
// full-contrast edge that moves an output by at most a quarter of a step.
inline constexpr double kDroppedMass = 1.0 / 1024;

struct BlurKernel {
  double sigma = 0;
  int radius = 0;
  std::vector<std::int16_t> weights;  // radius + 1 entries
};

// Throws Error unless sigma > 0.
BlurKernel make_blur_kernel(double sigma);
// The taps up to `radius` alone, the tails beyond it folded into the centre: the canonical
// kernel's reach is chosen by the overload above; a shorter one is a known-wrong variant (a
// Gaussian cut at 2 sigma), which verification must catch.
BlurKernel make_blur_kernel(double sigma, int radius);

// Dispatched to the selected SIMD level. `out` has the input's size.
void blur(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
          int height, int channels, std::uint8_t* out, std::size_t out_stride);

// The scalar twin: the same fixed-point arithmetic, one sample at a time; bit-identical output.
void blur_scalar(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
                 int height, int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
