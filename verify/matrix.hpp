#pragma once
// The verification matrix: which canonical operations are checked on which test image.
#include <string>
#include <vector>

#include "core/operation.hpp"
#include "images/catalog.hpp"

namespace imgbench::verify {

struct MatrixOperation {
  std::string label;    // as the user would write it, e.g. "resize:scale=2.5,filter=area"
  Operation operation;  // resolved for the image's size
};

// The decode of every file (JPEG and PNG); for every pixel source, every operation's cases as
// declared in reference/ops/ (save q85 and q95 without alpha, rotate90, resize 2.5x with each
// filter, blur sigma 2 and 4, a crop of an off-centre half box, ...).
std::vector<MatrixOperation> matrix_for(const images::TestImage& image, const Shape& shape);

// True when `filter` selects the operation: its family ("resize") or a prefix of its label.
bool selects(const std::string& filter, const MatrixOperation& op);

}  // namespace imgbench::verify
