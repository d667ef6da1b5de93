#pragma once
// Crop batches (reference/SEMANTICS.md, "crop batch"): each request names an image, a centre in
// [0, 1] x [0, 1] of its width and height, and a scale >= 1; with the batch's window size S it
// asks for the square of side S * scale around the centre, shifted to lie inside the image, resized
// to S x S. The workload of a training pipeline feeding random crops to a network.
#include <cstdint>
#include <string>
#include <vector>

#include "core/operation.hpp"

namespace imgbench {

struct CropRequest {
  int source = 0;  // index into the batch's sources
  double centre_x = 0.5, centre_y = 0.5;
  double scale = 1;
};

struct CropBatch {
  int window = 0;  // S
  Filter filter = Filter::bilinear;
  std::vector<CropRequest> requests;
};

// The box of one request on an image of `image` shape; throws Error when the request is out of
// its domain (centre outside [0, 1], scale below 1, window < 1 or larger than the image).
Crop crop_window(const Shape& image, const CropRequest& request, int window);

// The two steps one request runs after decoding: the crop, then the resize to window x window.
std::vector<Transform> crop_request_steps(const Shape& image, const CropRequest& request,
                                          int window, Filter filter);

// `count` requests over `sources` images (round robin), centres uniform in [0, 1], scales uniform
// in [1, max_scale]; the same seed gives the same batch on every machine.
CropBatch make_crop_batch(int sources, int count, int window, double max_scale, Filter filter,
                          std::uint64_t seed);

}  // namespace imgbench
