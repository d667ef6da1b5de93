#include "core/overloaded.hpp"
#include "reference/kernels.hpp"

namespace imgbench::reference {

Image apply(const Image& input, const Transform& transform) {
  return std::visit(Overloaded{
                        [&](const Rotate90&) { return rotate90(input); },
                        [&](const Resize& op) { return resize(input, op); },
                        [&](const Blur& op) { return blur(input, op); },
                        [&](const Crop& op) { return crop(input, op); },
                    },
                    transform);
}

}  // namespace imgbench::reference
