#include "core/limits.hpp"

#include <atomic>

#include "core/error.hpp"

namespace imgbench {
namespace {
std::atomic<std::uint64_t> g_max_pixels{256ull * 1000 * 1000};
}

std::uint64_t max_pixels() {
  return g_max_pixels.load();
}
void set_max_pixels(std::uint64_t pixels) {
  g_max_pixels.store(pixels);
}

void check_image_size(std::int64_t width, std::int64_t height, const std::string& what) {
  if (width <= 0 || height <= 0) {
    throw Error(what + ": invalid size " + std::to_string(width) + "x" + std::to_string(height));
  }
  const auto pixels = static_cast<std::uint64_t>(width) * static_cast<std::uint64_t>(height);
  if (pixels > max_pixels()) {
    throw Error(what + ": " + std::to_string(width) + "x" + std::to_string(height) +
                " exceeds the pixel limit of " + std::to_string(max_pixels()) + " pixels");
  }
}

}  // namespace imgbench
