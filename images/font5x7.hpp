#pragma once
// A 5x7 bitmap font for the synthetic images' text: upper-case letters, digits and space.
// Each glyph is 5 columns, bit 0 the top row (the classic HD44780-style layout).
#include <array>
#include <cstdint>

namespace imgbench::images {

// The columns of `c`'s glyph; unknown characters render as a blank.
std::array<std::uint8_t, 5> glyph_columns(char c);

}  // namespace imgbench::images
