#include "bench/simd_levels.hpp"

#include <exception>
#include <thread>

#include "bench/counts.hpp"

namespace imgbench::bench {

std::string Contender::name() const {
  return std::string(adapter->name()) + (level.empty() ? "" : "@" + level);
}

std::vector<Contender> contenders(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                                  bool every_level) {
  std::vector<Contender> all;
  for (const auto& adapter : adapters) {
    if (!every_level) {
      all.push_back({adapter, ""});
      continue;
    }
    for (const auto& level : adapter->simd_levels()) {
      if (counting() && valgrind_cannot_run(level)) {
        note_not_counted(std::string(adapter->name()) + "@" + level,
                         "AVX-512, which valgrind 3.19 cannot run");
        continue;
      }
      all.push_back({adapter, level});
    }
  }
  return all;
}

void run_at_level(const Contender& contender, const std::function<void()>& body) {
  if (contender.level.empty()) return body();
  const Adapter& adapter = *contender.adapter;
  const std::string before = adapter.simd_level();
  adapter.use_simd_level(contender.level);
  std::exception_ptr failure;
  std::thread([&] {
    try {
      body();
    } catch (...) {
      failure = std::current_exception();
    }
  }).join();
  adapter.use_simd_level(before);
  if (failure) std::rethrow_exception(failure);
}

CaseBody at_level(const Contender& contender, CaseBody body) {
  if (contender.level.empty()) return body;
  return [contender, body = std::move(body)](benchmark::State& state) {
    run_at_level(contender, [&] { body(state); });
  };
}

}  // namespace imgbench::bench
