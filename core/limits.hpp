#pragma once
// Sanity limits checked before any pixel memory is allocated.
#include <cstdint>
#include <string>

namespace imgbench {

// Largest image (width * height) any decoder or operation may produce. Default 256 Mpx.
std::uint64_t max_pixels();
void set_max_pixels(std::uint64_t pixels);

// Throws Error naming `what` when width x height is not a positive size within max_pixels().
void check_image_size(std::int64_t width, std::int64_t height, const std::string& what);

}  // namespace imgbench
