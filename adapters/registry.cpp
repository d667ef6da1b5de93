#include "adapters/registry.hpp"

namespace imgbench {

std::vector<std::string> adapter_names() {
  std::vector<std::string> names;
  for (const auto& entry : adapter_entries()) names.emplace_back(entry.name);
  return names;
}

std::unique_ptr<Adapter> make_adapter(std::string_view name, const AdapterConfig& config) {
  for (const auto& entry : adapter_entries()) {
    if (entry.name == name) return entry.make(config);
  }
  std::string known;
  for (const auto& entry : adapter_entries())
    known += (known.empty() ? "" : ", ") + std::string(entry.name);
  throw Error("unknown adapter '" + std::string(name) + "' (this build has: " + known + ")");
}

}  // namespace imgbench
