#pragma once
// The usual helper for std::visit with one lambda per alternative.

namespace imgbench {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};

}  // namespace imgbench
