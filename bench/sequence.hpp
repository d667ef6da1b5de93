#pragma once
// A decode followed by pixel steps through one adapter: what the full cycle runs before its
// encode, and what each crop-batch request runs.
#include <optional>
#include <span>

#include "adapters/adapter.hpp"

namespace imgbench::bench {

// The shape after `steps` when the adapter supports decoding `format` at `shape` and every step
// on the shape it receives; nullopt otherwise.
std::optional<Shape> supported_shape(const Adapter& adapter, ImageFormat format, Shape shape,
                                     std::span<const Transform> steps);

// Decodes `encoded` and applies `steps`, all in the adapter's native type.
NativePtr run_sequence(const Adapter& adapter, std::span<const std::uint8_t> encoded,
                       std::span<const Transform> steps);

}  // namespace imgbench::bench
