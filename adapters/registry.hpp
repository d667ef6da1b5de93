#pragma once
// The adapters compiled into this build, in registration order (see adapters/CMakeLists.txt).
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/adapter.hpp"

namespace imgbench {

struct AdapterEntry {
  std::string_view name;
  std::unique_ptr<Adapter> (*make)(const AdapterConfig&);
};

const std::vector<AdapterEntry>& adapter_entries();

std::vector<std::string> adapter_names();

// Throws Error listing the known adapters when `name` is not one of them.
std::unique_ptr<Adapter> make_adapter(std::string_view name, const AdapterConfig& config = {});

}  // namespace imgbench
