#pragma once
// The usual helper for std::visit with one lambda per alternative.

namespace imgbench {

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
// GCC deduces this from C++20's aggregate rules; clang 14 (the fuzz build) needs the guide.
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace imgbench
