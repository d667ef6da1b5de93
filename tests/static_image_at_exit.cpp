// Regression: an image destroyed during static destruction, after this thread's spare-block cache
// was torn down, was freed twice (the cache's destructor cleared its pointer with a store the
// optimiser dropped). The test passes when the process exits cleanly.
#include <memory>

#include "core/image.hpp"

namespace {
std::unique_ptr<imgbench::Image> kept_until_exit;
}

int main() {
  kept_until_exit = std::make_unique<imgbench::Image>(2560, 1600, 3);
  const imgbench::Image freed_first(2560, 1600, 3);  // becomes the thread's spare block
  return 0;
}
