#pragma once
// The exact reference kernels: double precision, scalar, written to be obviously correct.
// Speed is irrelevant here; every library and our own SIMD kernels are checked against these.
// The meaning of each operation is defined in reference/SEMANTICS.md.
#include <vector>

#include "core/image.hpp"
#include "core/operation.hpp"

namespace imgbench::reference {

Image rotate90(const Image& input);                  // clockwise
Image resize(const Image& input, const Resize& op);  // separable, antialiased
Image blur(const Image& input, const Blur& op);      // Gaussian, edges replicated
Image crop(const Image& input, const Crop& op);      // exact copy of the box


// The taps of one output sample along one axis: input indices first .. first + weights.size() - 1.
struct Taps {
  int first = 0;
  std::vector<double> weights;  // normalised to sum 1
};
// One Taps per output sample, for resampling `in` samples to `out` samples with `filter`.
std::vector<Taps> resample_taps(int in, int out, Filter filter);
// The same for the part [start, start + span) of the input (fractional bounds), taps still limited
// to the `in` samples: how a crop decoded at a reduced size is resized (adapters/simd).
std::vector<Taps> resample_taps(int in, int out, Filter filter, double start, double span);

// The filter kernels themselves, at distance x (in units of input pixels before widening).
double filter_kernel(Filter filter, double x);
double filter_support(Filter filter);  // half-width of the non-zero region

// The normalised sampled Gaussian exp(-k^2 / 2 sigma^2), k = -radius .. radius.
std::vector<double> gaussian_kernel(double sigma);
int gaussian_radius(double sigma);  // ceil(8 sigma): the tail beyond is below 1e-14

// Rounds a double sample to 8 bit: round half up, clamped to [0, 255].
unsigned char round_to_u8(double value);

}  // namespace imgbench::reference
