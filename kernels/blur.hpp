#pragma once
// Gaussian blur (reference/SEMANTICS.md): a separable convolution with the sampled Gaussian in
// fixed point, edges replicated. Vertical pass first, on the 8-bit input rows, into one row of
// int16 intermediate samples; then the horizontal pass on that row.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace imgbench::kernels {

// The symmetric 15-bit taps: weights[0] is the centre, weights[k] applies at distance k.
// weights[0] + 2 * (weights[1] + ...) == 32768 (the centre saturates at 32767 for tiny sigma).
// The radius ends where the quantized weight becomes 0 (about 4.5 sigma); the canonical kernel's
// mass beyond it is below 1e-5 and is folded into the centre.
struct BlurKernel {
  double sigma = 0;
  int radius = 0;
  std::vector<std::int16_t> weights;  // radius + 1 entries
};

// Throws Error unless sigma > 0.
BlurKernel make_blur_kernel(double sigma);

// Dispatched to the selected SIMD level. `out` has the input's size.
void blur(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
          int height, int channels, std::uint8_t* out, std::size_t out_stride);

// The scalar twin: the same fixed-point arithmetic, one sample at a time; bit-identical output.
void blur_scalar(const BlurKernel& kernel, const std::uint8_t* in, std::size_t in_stride, int width,
                 int height, int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
