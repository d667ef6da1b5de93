#pragma once
// The pixel-transfer benchmark: every way to get a PIL image's pixels into one contiguous array,
// timed on the same RGB image. See the article in shared/seeds (001) for the Python methods.
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace imgbench::pillow {

struct TransferMethod {
  std::string name;
  std::function<void()> run;  // one conversion; the result is discarded
};

// The methods for a size x size RGB image, created once and shared by all of them. The returned
// methods take the GIL themselves.
std::vector<TransferMethod> transfer_methods(int size);

}  // namespace imgbench::pillow
