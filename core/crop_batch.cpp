#include "core/crop_batch.hpp"

#include <algorithm>
#include <cmath>

#include "core/error.hpp"

namespace imgbench {
namespace {

int round_half_up(double value) {
  return static_cast<int>(std::floor(value + 0.5));
}

// The start of a run of `side` samples centred on `centre` (a fraction of `size`), kept inside.
int window_start(int size, double centre, int side) {
  return std::clamp(round_half_up(centre * size - side / 2.0), 0, size - side);
}

// A 64-bit linear congruential generator (Knuth's MMIX constants): portable and reproducible,
// unlike std::uniform_real_distribution, whose output the standard leaves to the library.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  double uniform() {  // [0, 1)
    state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state_ >> 11) / 9007199254740992.0;
  }

 private:
  std::uint64_t state_;
};

}  // namespace

Crop crop_window(const Shape& image, const CropRequest& request, int window) {
  const auto in_unit = [](double v) { return v >= 0 && v <= 1; };
  if (!in_unit(request.centre_x) || !in_unit(request.centre_y))
    throw Error("crop batch: centre outside [0, 1]");
  if (!(request.scale >= 1)) throw Error("crop batch: scale below 1 (upscaling is not verified)");
  if (window < 1 || window > std::min(image.width, image.height)) {
    throw Error("crop batch: window " + std::to_string(window) + " does not fit a " +
                std::to_string(image.width) + "x" + std::to_string(image.height) + " image");
  }
  const int side = std::min({round_half_up(window * request.scale), image.width, image.height});
  return {window_start(image.width, request.centre_x, side),
          window_start(image.height, request.centre_y, side), side, side};
}

std::vector<Transform> crop_request_steps(const Shape& image, const CropRequest& request,
                                          int window, Filter filter) {
  const Crop box = crop_window(image, request, window);
  return {box, Resize{window, window, filter, 0}};
}

CropBatch make_crop_batch(int sources, int count, int window, double max_scale, Filter filter,
                          std::uint64_t seed) {
  if (sources < 1 || count < 1 || max_scale < 1) throw Error("crop batch: nothing to crop");
  CropBatch batch{window, filter, {}};
  Random random(seed);
  for (int i = 0; i < count; ++i) {
    CropRequest request;
    request.source = i % sources;
    request.centre_x = random.uniform();
    request.centre_y = random.uniform();
    request.scale = 1 + (max_scale - 1) * random.uniform();
    batch.requests.push_back(request);
  }
  return batch;
}

}  // namespace imgbench
