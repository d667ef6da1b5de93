#include "verify/matrix.hpp"

#include "reference/operations.hpp"

namespace imgbench::verify {

std::vector<MatrixOperation> matrix_for(const images::TestImage& image, const Shape& shape) {
  std::vector<MatrixOperation> ops;
  const Operation decode = Decode{image.format};
  ops.push_back({to_string(decode), decode});
  if (!image.pixel_source()) return ops;
  for (const OperationDef& def : operations()) {
    for (const OperationCase& c : def.cases(shape)) ops.push_back({c.text, c.operation});
  }
  return ops;
}

bool selects(const std::string& filter, const MatrixOperation& op) {
  return kind_name(op.operation) == filter || op.label.starts_with(filter);
}

}  // namespace imgbench::verify
