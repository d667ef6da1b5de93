#pragma once
// Fixed-point arithmetic shared by the resize and blur kernels and their scalar twins. Every SIMD
// level and the scalar twin compute exactly these formulas, so their outputs are bit-identical;
// only the reference (double precision) differs, by rounding.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace imgbench::kernels::fixed {

// Intermediate samples between the two separable passes: value * 64 in an int16. The headroom
// keeps lanczos overshoot (about -40 .. 300) representable; 6 fraction bits keep rounding errors
// far below one output step.
inline constexpr int kIntermediateBits = 6;

// Highway's MulFixedPoint15 (x86 pmulhrsw, NEON vqrdmulh): (a * b + 2^14) >> 15.
inline std::int16_t mul_q15(std::int16_t a, std::int16_t b) {
  return static_cast<std::int16_t>((static_cast<std::int32_t>(a) * b + (1 << 14)) >> 15);
}

// Rounds away `bits` fraction bits (round half up), like ShiftRight(Add(v, half)).
inline std::int32_t round_shift(std::int32_t value, int bits) {
  return (value + (1 << (bits - 1))) >> bits;
}

inline std::int16_t saturate_i16(std::int32_t value) {
  return static_cast<std::int16_t>(std::clamp<std::int32_t>(value, INT16_MIN, INT16_MAX));
}

inline std::uint8_t saturate_u8(std::int32_t value) {
  return static_cast<std::uint8_t>(std::clamp<std::int32_t>(value, 0, 255));
}

// Quantizes weights that sum to 1 into integers that sum to exactly 2^bits (the largest weight
// absorbs the rounding residue), clamped to the int16 range: with 15 bits a lone weight of 1.0
// becomes 32767, an error of 1/32768.
std::vector<std::int16_t> quantize(std::span<const double> weights, int bits);

}  // namespace imgbench::kernels::fixed
