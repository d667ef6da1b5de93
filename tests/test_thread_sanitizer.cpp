// Our threads, for the ThreadSanitizer pass (./scripts/test --tsan runs the suites "Threads" and
// "ThreadedCommand" with the other tests that start threads, tests/CMakeLists.txt), and a test
// that races on purpose, to prove that the pass reports a race. Every build compiles and runs the
// first two suites; the race test is disabled, and only the tsan build's ctest tests run it.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "adapters/registry.hpp"
#include "bench/full_cycle.hpp"
#include "bench/sweep.hpp"
#include "bench/worker_group.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"
#include "tests/test_support.hpp"

namespace imgbench {
namespace {

// Two threads add to one plain int, without a lock or an atomic: a data race, on purpose (test
// code only). Disabled: the tsan build runs it alone (--gtest_also_run_disabled_tests), in two
// ctest tests that pass only when ThreadSanitizer reports this race and fails the run. Anywhere
// else it would only count wrong, and nothing runs it.
TEST(ThreadSanitizer, DISABLED_ReportsARaceOnASharedCounter) {
  int counter = 0;
  const auto add = [&counter] {
    for (int i = 0; i < 100000; ++i) ++counter;
  };
  std::thread first(add);
  std::thread second(add);
  first.join();
  second.join();
  EXPECT_LE(counter, 200000);
}

bool built(const std::string& name) {
  const auto names = adapter_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The group the crop batches, the sweep and `imgbench throughput` run their workers in: when one
// worker throws, the others see failed() and stop, and join() rethrows that first failure.
TEST(Threads, AWorkerGroupStopsAtTheFirstFailureAndRethrowsIt) {
  std::atomic<int> next{0};
  bench::WorkerGroup group(4, [&] {
    while (!group.failed()) {
      const int item = next++;
      if (item == 50) throw Error("item 50 failed");
      if (item >= 1000000) return;  // a bound, in case the others never saw the failure
    }
  });
  try {
    group.join();
    ADD_FAILURE() << "join() did not rethrow the worker's failure";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "item 50 failed");
  }
  EXPECT_TRUE(group.failed());

  std::atomic<int> sum{0};
  bench::run_workers(3, [&] {
    for (int i = 0; i < 1000; ++i) ++sum;
  });
  EXPECT_EQ(sum.load(), 3000);
}

// The adapter's full cycle up to its blur (decode, rotate, resize, save) in three workers at
// once, the sweep's closed loop as `imgbench sweep` and `imgbench throughput` run it: first with
// two library threads (GraphicsMagick's OpenMP, the pools of libvips and OpenCV), then with one
// (last, since some of these settings are process-wide). Without the blur: Pillow has no canonical
// one (its approximation is a variant), and GraphicsMagick's 2-D blur alone took 9 minutes under
// TSan. False when the adapter cannot run that cycle.
bool runs_the_cycle_in_three_workers(const std::string& name) {
  const Shape shape{400, 300, 3};
  const bench::CycleSource source{"synth-400x300",
                                  reference::encode_jpeg(testing::small_rgb(400, 300), 95), shape};
  bool any = false;
  for (const int library_threads : {2, 1}) {
    AdapterConfig config;
    config.threads = library_threads;
    const std::shared_ptr<const Adapter> adapter = make_adapter(name, config);
    std::vector<bench::StreamImage> stream;
    for (const Filter filter : {Filter::bicubic, Filter::area}) {
      bench::FullCycle cycle = bench::full_cycle(shape, filter);
      if (!cycle.steps.empty() && std::holds_alternative<Blur>(cycle.steps.back())) {
        cycle.steps.pop_back();
      }
      if (bench::supports_cycle(*adapter, cycle, shape)) {
        stream.push_back({&source, std::move(cycle)});
        break;
      }
    }
    if (stream.empty()) continue;
    const bench::LatencySummary result =
        bench::run_closed_loop(*adapter, stream, 3, {0.0, 6, 6});  // exactly 6 requests
    EXPECT_EQ(result.requests, 6) << name << " with " << library_threads << " library threads";
    any = true;
  }
  return any;
}

TEST(Threads, EveryAdapterRunsTheCycleInSeveralWorkers) {
  std::string ran, not_run;
  for (const auto& name : adapter_names()) {
    (runs_the_cycle_in_three_workers(name) ? ran : not_run) += " " + name;
  }
  RecordProperty("adapters_run", ran);
  RecordProperty("adapters_without_the_cycle", not_run);
  EXPECT_FALSE(ran.empty());
}

// Pillow's workers share the embedded interpreter, each taking the GIL in turn with a Python
// thread state of its own. The first of these calls, in a process that has not yet taken the GIL
// off the interpreter's own thread, once crashed (pybind11's internals made in a worker:
// python_runtime.cpp, create_pybind11_internals). Apart from the test above so that the tsan
// build runs it: Python keeps it short there.
TEST(Threads, PillowWorkersTakeTurnsAtOneInterpreter) {
  if (!built("pillow")) GTEST_SKIP() << "no pillow adapter in this build";
  EXPECT_TRUE(runs_the_cycle_in_three_workers("pillow"));
}

using testing::RunResult;
using testing::slurp;

// The imgbench binary, as the CLI tests run it (under the emulator in a cross build). In the tsan
// build it inherits TSAN_OPTIONS: a report stops it with status 66, which fails the test.
class ThreadedCommand : public ::testing::Test {
 protected:
  testing::TempDir dir;

  RunResult run(const std::vector<std::string>& args) { return testing::run_imgbench(dir, args); }

  // A synthetic JPEG standing in for the test photo `name`, under dir/images.
  void write_photo(const std::string& name, int width, int height) {
    std::filesystem::create_directories(dir.path() / "images" / "photos");
    write_file_atomic(dir.file("images/photos/" + name + ".jpg"),
                      reference::encode_jpeg(images::make_synthetic(width, height), 90));
  }
};

// `imgbench throughput`: the cycle verified, then timed in one worker and in three.
TEST_F(ThreadedCommand, ThroughputTimesTheCycleInSeveralWorkers) {
  write_photo("photo-small", 200, 150);
  const RunResult result = run({"throughput", "--lib", "reference", "--image", "photo-small",
                                "--images", dir.file("images"), "--workers", "1", "--workers", "3",
                                "--seconds", "0.05", "--rounds", "1"});
  ASSERT_EQ(result.status, 0) << result.err << result.out;
  EXPECT_NE(result.out.find("3 worker(s)"), std::string::npos) << result.out;
}

// The crop batches' parallel cases: one batch's requests taken by worker threads from a shared
// counter, as `imgbench bench` times them.
TEST_F(ThreadedCommand, CropBatchesRunInWorkerThreads) {
  if (!built("simd")) GTEST_SKIP() << "no simd adapter in this build";
  write_photo("photo-path", 320, 200);  // the quick suite's cycle image, which it loads
  const std::string json = dir.file("crops.json");
  const RunResult result =
      run({"bench", "--suite", "quick", "--images", dir.file("images"), "--lib", "simd",
           "--benchmark_filter=^crop-batch:bilinear:workers-[0-9]+/simd/synth-512-rgb-jpeg/",
           "--benchmark_min_time=0.01", "--out", json});
  ASSERT_EQ(result.status, 0) << result.err;
  const std::string report = slurp(json);
  EXPECT_NE(report.find("\"crop-batch:bilinear:workers-"), std::string::npos) << report;
  EXPECT_EQ(report.find("error_occurred"), std::string::npos) << report;
}

}  // namespace
}  // namespace imgbench
