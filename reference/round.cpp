#include <cmath>

#include "reference/kernels.hpp"

namespace imgbench::reference {

unsigned char round_to_u8(double value) {
  const double rounded = std::floor(value + 0.5);
  if (rounded <= 0) return 0;
  if (rounded >= 255) return 255;
  return static_cast<unsigned char>(rounded);
}

}  // namespace imgbench::reference
