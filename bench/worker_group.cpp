#include "bench/worker_group.hpp"

namespace imgbench::bench {

WorkerGroup::WorkerGroup(int workers, std::function<void()> body) {
  try {
    for (int w = 0; w < workers; ++w) {
      threads_.emplace_back([this, body] {
        try {
          body();
        } catch (...) {
          const std::lock_guard lock(mutex_);
          if (!failure_) failure_ = std::current_exception();
          failed_ = true;
        }
      });
    }
  } catch (...) {
    failed_ = true;  // the threads already started see it and stop
    for (auto& thread : threads_) thread.join();
    throw;
  }
}

WorkerGroup::~WorkerGroup() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

void WorkerGroup::join() {
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
  if (failure_) std::rethrow_exception(failure_);
}

void run_workers(int workers, const std::function<void()>& body) {
  if (workers == 1) return body();
  WorkerGroup(workers, body).join();
}

}  // namespace imgbench::bench
