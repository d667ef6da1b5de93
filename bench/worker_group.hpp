#pragma once
// Application worker threads, as the crop batches, the sweep and `imgbench throughput` run them:
// W threads each running the same body, the first exception any of them throws rethrown by
// join(), and a flag the bodies can poll to stop early once one has failed.
#include <atomic>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace imgbench::bench {

class WorkerGroup {
 public:
  WorkerGroup(int workers, std::function<void()> body);
  ~WorkerGroup();  // joins; a failure not collected by join() is dropped
  WorkerGroup(const WorkerGroup&) = delete;
  WorkerGroup& operator=(const WorkerGroup&) = delete;

  // True once a worker has thrown: the others should stop taking work.
  bool failed() const { return failed_.load(std::memory_order_relaxed); }
  // Waits for every worker; rethrows the first exception one of them threw.
  void join();

 private:
  std::vector<std::thread> threads_;
  std::atomic<bool> failed_{false};
  std::mutex mutex_;
  std::exception_ptr failure_;
};

// Runs `body` in `workers` threads (1: in this one) and waits; rethrows the first failure.
void run_workers(int workers, const std::function<void()>& body);

}  // namespace imgbench::bench
