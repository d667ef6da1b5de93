#include "bench/sweep.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include "bench/worker_group.hpp"

namespace imgbench::bench {
namespace {

using Clock = std::chrono::steady_clock;

Clock::duration duration(double seconds) {
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

// Collects what the workers measured.
class Recorder {
 public:
  void record(double latency_seconds, double megapixels) {
    const std::lock_guard lock(mutex_);
    latencies_.push_back(latency_seconds);
    megapixels_ += megapixels;
  }
  LatencySummary summary(double seconds) {
    LatencySummary s;
    s.requests = static_cast<long>(latencies_.size());
    s.seconds = seconds;
    if (latencies_.empty() || seconds <= 0) return s;
    s.images_per_second = static_cast<double>(s.requests) / seconds;
    s.mpx_per_second = megapixels_ / seconds;
    std::sort(latencies_.begin(), latencies_.end());
    // Nearest rank: the smallest latency with at least q of the requests at or below it.
    auto quantile = [&](double q) {
      const auto rank =
          static_cast<std::size_t>(std::ceil(q * static_cast<double>(latencies_.size())));
      return latencies_[std::max<std::size_t>(rank, 1) - 1] * 1e3;
    };
    s.p50 = quantile(0.50);
    s.p90 = quantile(0.90);
    s.p99 = quantile(0.99);
    s.max = latencies_.back() * 1e3;
    return s;
  }

 private:
  std::mutex mutex_;
  std::vector<double> latencies_;
  double megapixels_ = 0;
};

double megapixels(const StreamImage& image) {
  return image.source->shape.width * static_cast<double>(image.source->shape.height) / 1e6;
}

// Whether request number `index` (from 0), starting or arriving at `when`, is past the point's end.
bool past_end(const SweepLimits& limits, long index, Clock::time_point when,
              Clock::time_point deadline) {
  if (limits.max_requests > 0 && index >= limits.max_requests) return true;
  return when >= deadline && index >= limits.min_requests;
}

}  // namespace

LatencySummary run_closed_loop(const Adapter& adapter, std::span<const StreamImage> stream,
                               int workers, const SweepLimits& limits) {
  Recorder recorder;
  std::atomic<long> next{0};
  const auto start = Clock::now();
  const auto deadline = start + duration(limits.seconds);
  WorkerGroup group(workers, [&] {
    while (!group.failed()) {
      const long index = next++;
      if (past_end(limits, index, Clock::now(), deadline)) break;
      const StreamImage& image = stream[static_cast<std::size_t>(index) % stream.size()];
      const auto begun = Clock::now();
      run_full_cycle(adapter, image.source->jpeg, image.cycle);
      recorder.record(seconds_between(begun, Clock::now()), megapixels(image));
    }
  });
  group.join();
  return recorder.summary(seconds_between(start, Clock::now()));
}

LatencySummary run_open_loop(const Adapter& adapter, std::span<const StreamImage> stream,
                             int workers, double rate, const SweepLimits& limits) {
  struct Request {
    Clock::time_point arrival;
    const StreamImage* image;
  };
  Recorder recorder;
  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Request> queue;
  bool closed = false;
  auto close_queue = [&] {
    {
      const std::lock_guard lock(mutex);
      closed = true;
    }
    ready.notify_all();
  };
  const auto start = Clock::now();
  const auto deadline = start + duration(limits.seconds);
  WorkerGroup group(workers, [&] {
    for (;;) {
      std::unique_lock lock(mutex);
      ready.wait(lock, [&] { return closed || !queue.empty(); });
      if (queue.empty()) return;  // closed and drained
      const Request request = queue.front();
      queue.pop_front();
      lock.unlock();
      if (group.failed()) continue;  // a worker failed: drain without working
      run_full_cycle(adapter, request.image->source->jpeg, request.image->cycle);
      recorder.record(seconds_between(request.arrival, Clock::now()), megapixels(*request.image));
    }
  });
  try {
    // The arrivals: exponential gaps at `rate`, on a fixed seed.
    std::mt19937_64 random(42);
    std::exponential_distribution<double> gap(rate);
    auto arrival = start;
    for (long count = 0; !group.failed(); ++count) {
      arrival += duration(gap(random));
      if (past_end(limits, count, arrival, deadline)) break;
      std::this_thread::sleep_until(arrival);
      {
        const std::lock_guard lock(mutex);
        queue.push_back({arrival, &stream[static_cast<std::size_t>(count) % stream.size()]});
      }
      ready.notify_one();
    }
  } catch (...) {
    close_queue();  // the workers must finish before the group is destroyed
    throw;
  }
  close_queue();
  group.join();
  // Throughput over the time until the last request was served (the queue drained after the
  // arrivals stopped).
  return recorder.summary(seconds_between(start, Clock::now()));
}

}  // namespace imgbench::bench
