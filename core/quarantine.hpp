#pragma once
// What a child process found unsafe to do in this process: reading a file with an adapter that
// crashed or hung on it (see cli/screening.hpp). The run records these as failures, with the
// cause, instead of trying them.
#include <map>
#include <string>
#include <utility>

namespace imgbench {

struct Quarantine {
  // (file path, adapter name) -> why. "reference" stands for the canonical decoder, without
  // which nothing about the file can be checked.
  std::map<std::pair<std::string, std::string>, std::string> causes;

  // The cause for this file and adapter, or null when it may be tried.
  const std::string* cause(const std::string& path, const std::string& adapter) const {
    const auto found = causes.find({path, adapter});
    return found == causes.end() ? nullptr : &found->second;
  }
};

}  // namespace imgbench
