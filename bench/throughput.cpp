#include "bench/throughput.hpp"

#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

namespace imgbench::bench {

ThroughputResult measure_throughput(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                                    const FullCycle& cycle, int workers, double seconds) {
  using Clock = std::chrono::steady_clock;
  std::atomic<long> images{0};
  std::atomic<bool> stop{false};
  std::exception_ptr failure;
  std::atomic_flag failed = ATOMIC_FLAG_INIT;
  const auto start = Clock::now();
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  {
    // jthreads join when they go out of scope, also when starting one of them throws.
    std::vector<std::jthread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&] {
        try {
          while (!stop.load(std::memory_order_relaxed) && Clock::now() < deadline) {
            run_full_cycle(adapter, jpeg, cycle);
            images.fetch_add(1, std::memory_order_relaxed);
          }
        } catch (...) {
          if (!failed.test_and_set()) failure = std::current_exception();
          stop = true;
        }
      });
    }
  }
  if (failure) std::rethrow_exception(failure);
  // The wall time until the last worker finished its last image, not the nominal duration.
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  return {workers, images.load(), elapsed};
}

}  // namespace imgbench::bench
