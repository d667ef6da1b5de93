#include "bench/sequence.hpp"

#include "bench/counts.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {

std::optional<Shape> supported_shape(const Adapter& adapter, ImageFormat format, Shape shape,
                                     std::span<const Transform> steps) {
  if (!adapter.supports(Decode{format}, shape).supported) return std::nullopt;
  for (const Transform& step : steps) {
    if (!adapter.supports(to_operation(step), shape).supported) return std::nullopt;
    shape = output_shape(step, shape);
  }
  return shape;
}

NativePtr run_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                       std::span<const Transform> steps) {
  NativePtr image = adapter.decode(encoded);
  count_step("decode");
  for (const Transform& step : steps) {
    image = adapter.apply(*image, step);
    count_step(kind_name(to_operation(step)));
  }
  return image;
}

}  // namespace imgbench::bench
