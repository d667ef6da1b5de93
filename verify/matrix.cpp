#include "verify/matrix.hpp"

#include <algorithm>

#include "core/op_spec.hpp"

namespace imgbench::verify {

std::vector<MatrixOperation> matrix_for(const images::TestImage& image, const Shape& shape) {
  std::vector<MatrixOperation> ops;
  ops.push_back({"decode", Decode{image.format}});
  if (!image.pixel_source()) return ops;
  if (shape.channels != 4) {
    // 85 is the full cycle's; 95 is where some libraries quietly switch to 4:4:4.
    ops.push_back({"encode:quality=85", EncodeJpeg{85}});
    ops.push_back({"encode:quality=95", EncodeJpeg{95}});
  }
  ops.push_back({"rotate90", Rotate90{}});
  for (Filter filter : kAllFilters) {
    const std::string label = "resize:scale=2.5,filter=" + std::string(to_string(filter));
    ops.push_back({label, to_operation(resolve(ResizeSpec{2.5, 0, 0, filter}, shape))});
  }
  for (double sigma : {2.0, 4.0}) {
    ops.push_back({"blur:sigma=" + std::to_string(static_cast<int>(sigma)), Blur{sigma}});
  }
  // Half the image at odd offsets, so that no library can get away with an aligned fast path.
  const int crop_width = std::max(1, shape.width / 2), crop_height = std::max(1, shape.height / 2);
  const Crop crop{std::min(shape.width / 5 | 1, shape.width - crop_width),
                  std::min(shape.height / 7 | 1, shape.height - crop_height), crop_width,
                  crop_height};
  ops.push_back({to_string(Operation{crop}), crop});
  return ops;
}

bool selects(const std::string& filter, const MatrixOperation& op) {
  return kind_name(op.operation) == filter || op.label.starts_with(filter);
}

}  // namespace imgbench::verify
