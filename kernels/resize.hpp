#pragma once
// Antialiased resize with the canonical filters (reference/SEMANTICS.md): two separable passes in
// fixed point, horizontal first and only over the input rows the vertical pass needs.
//
// The coefficients depend only on the sizes and the filter: build a ResizePlan once and reuse it
// for every image of that size. Channels 1, 3 or 4, interleaved 8-bit samples.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/operation.hpp"

namespace imgbench::kernels {

// The fixed-point taps of one axis. Every output sample reads the same number of inputs,
// `taps`, from `first[i]`; windows are shifted to lie inside the input (and padded with zero
// weights) so that the vector loops never test for edges.
struct ResizeAxis {
  int in = 0;
  int out = 0;
  int taps = 0;
  int weight_bits = 0;                // weights sum to 2^weight_bits
  std::vector<int> first;             // out entries
  std::vector<std::int16_t> weights;  // out * taps entries

  const std::int16_t* weights_of(int i) const {
    return weights.data() + static_cast<std::size_t>(i) * taps;
  }
  // Taps of output i that lie inside the input (fewer than `taps` only when taps > in).
  int count(int i) const { return std::min(taps, in - first[i]); }
};

struct ResizePlan {
  Filter filter = Filter::bicubic;
  ResizeAxis columns;  // horizontal: 14-bit weights (13 for upscales), taps a multiple of 4
  ResizeAxis rows;     // vertical: 15-bit weights (14 for upscales) for MulFixedPoint15
};

// Throws Error for sizes below 1, or an upscale with the area filter.
ResizePlan make_resize_plan(int in_width, int in_height, int out_width, int out_height,
                            Filter filter);

// The part of the input that is resized, in fractional input pixels: the whole input unless a
// caller has decoded a crop at a reduced size (jpeg_region in adapters/simd), whose box then falls
// between pixels. Taps stay within the input.
struct SourceWindow {
  double x = 0, y = 0, width = 0, height = 0;
};
ResizePlan make_resize_plan(int in_width, int in_height, int out_width, int out_height,
                            Filter filter, const SourceWindow& window);

// Dispatched to the selected SIMD level. `in` is plan.columns.in x plan.rows.in, `out` is
// plan.columns.out x plan.rows.out.
void resize(const ResizePlan& plan, const std::uint8_t* in, std::size_t in_stride, int channels,
            std::uint8_t* out, std::size_t out_stride);

// The scalar twin: the same fixed-point arithmetic, one sample at a time; bit-identical output.
void resize_scalar(const ResizePlan& plan, const std::uint8_t* in, std::size_t in_stride,
                   int channels, std::uint8_t* out, std::size_t out_stride);

}  // namespace imgbench::kernels
