// The imgbench binary as a user meets it: bad input gets exit status 2 and one clear line,
// nothing half-written; good input gets the right output.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "adapters/registry.hpp"
#include "bench/full_cycle.hpp"
#include "bench/result_file.hpp"
#include "core/file_io.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "tests/test_support.hpp"

namespace imgbench {
namespace {

using testing::RunResult;
using testing::slurp;

// Whether this build has the adapter (a core-only build has just the reference).
bool built(const std::string& name) {
  const auto names = adapter_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

class CliTest : public ::testing::Test {
 protected:
  testing::TempDir dir;

  RunResult run(const std::vector<std::string>& args) { return testing::run_imgbench(dir, args); }

  // Exit 2 and exactly one line on stderr that contains `needle`.
  void expect_bad_input(const std::vector<std::string>& args, const std::string& needle) {
    const RunResult result = run(args);
    EXPECT_EQ(result.status, 2) << result.err;
    EXPECT_NE(result.err.find(needle), std::string::npos) << "stderr: " << result.err;
    EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  }

  static void write_file_text(const std::string& path, const std::string& text) {
    write_file_atomic(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
  }

  std::string write(const std::string& name, const Bytes& bytes) {
    write_file_atomic(dir.file(name), bytes);
    return dir.file(name);
  }

  // A JPEG test photo under dir/images (the --images directory the suites read).
  void write_photo(const std::string& name, int width, int height) {
    std::filesystem::create_directories(dir.file("images/photos"));
    write("images/photos/" + name + ".jpg",
          reference::encode_jpeg(images::make_synthetic(width, height), 90));
  }
};

TEST_F(CliTest, BenchVerifiesThenTimesAndNamesCasesStably) {
  if (!built("simd")) GTEST_SKIP() << "no simd adapter in this build";
  const std::string json = dir.file("ops.json");
  const RunResult result =
      run({"bench", "--suite", "ops", "--lib", "simd",
           "--benchmark_filter=crop:x=513,y=229,w=1280,h=800/simd/synth-2560x1600-rgb/",
           "--benchmark_min_time=0.01", "--out", json});
  ASSERT_EQ(result.status, 0) << result.err;
  // The progress line counts the cases the filter selects.
  EXPECT_NE(result.err.find("[1/1] crop:x=513,y=229,w=1280,h=800/simd/synth-2560x1600-rgb"),
            std::string::npos)
      << result.err;
  const std::string report = slurp(json);
  EXPECT_NE(report.find("\"crop:x=513,y=229,w=1280,h=800/simd/synth-2560x1600-rgb/real_time\""),
            std::string::npos);
  EXPECT_NE(report.find("\"Mpx/s\""), std::string::npos);
  EXPECT_NE(report.find("\"cpu_model\""), std::string::npos);
  EXPECT_NE(report.find("\"imgbench_build_type\""), std::string::npos);
  EXPECT_NE(report.find("\"git_commit\""), std::string::npos);
  EXPECT_NE(report.find("\"simd_level_used\""), std::string::npos);
  EXPECT_NE(report.find("\"suite\": \"ops\""), std::string::npos);
  EXPECT_NE(report.find("\"peak_mib\""), std::string::npos);
  EXPECT_EQ(report.find("error_occurred"), std::string::npos) << report;
  // What the case is and its verdict, as fields beside the numbers, under a format version.
  const auto document = nlohmann::json::parse(report);
  EXPECT_EQ(document["format_version"], bench::kResultFormatVersion);
  const auto& entry = document["benchmarks"][0];
  EXPECT_EQ(entry["case"]["family"], "operation");
  EXPECT_EQ(entry["case"]["steps"], nlohmann::json::array({"crop:x=513,y=229,w=1280,h=800"}));
  EXPECT_EQ(entry["case"]["adapter"], "simd");
  EXPECT_EQ(entry["case"]["image"], "synth-2560x1600-rgb");
  EXPECT_EQ(entry["case"]["tolerance"], "exact");
  EXPECT_EQ(entry["case"]["definition"].get<std::string>().size(), 16u);
  EXPECT_EQ(entry["verdict"]["status"], "PASS");
  EXPECT_EQ(entry["verdict"]["psnr"], "inf");  // bit-exact, written as JSON can hold it
}

// A user's pipeline on a user's photo: every adapter that supports each step, each verified
// first (timed if it passed, reported with its PSNR if not), in the same result file as the suites,
// its steps resolved for the photo.
TEST_F(CliTest, BenchRunsAUsersPipelineThroughEveryAdapterThatSupportsIt) {
  const std::string photo =
      write("photo.jpg", reference::encode_jpeg(images::make_synthetic(1400, 1500), 90));
  const std::string json = dir.file("pipeline.json");
  const std::string text =
      "crop:x=100,y=100,w=1200,h=1200;resize:w=300,h=300,filter=lanczos3;save:quality=80";
  const RunResult result = run(
      {"bench", "--pipeline", text, "--input", photo, "--benchmark_min_time=0.01", "--out", json});
  const auto document = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(document["context"]["suite"], "pipelines");
  std::set<std::string> ran;
  bool failed = false;
  for (const auto& entry : document["benchmarks"]) {
    const auto& c = entry["case"];
    EXPECT_EQ(c["family"], "pipeline");
    EXPECT_EQ(c["label"], text);
    EXPECT_EQ(c["image"], "photo.jpg");
    EXPECT_EQ(c["steps"],
              nlohmann::json::array({"decode:format=jpeg", "crop:x=100,y=100,w=1200,h=1200",
                                     "resize:w=300,h=300,filter=lanczos3", "save:quality=80"}));
    const auto& verdict = entry["verdict"];
    if (verdict["status"] == "PASS") {
      EXPECT_FALSE(entry.contains("error_occurred")) << entry.dump();
      EXPECT_GT(entry["iterations"].get<int>(), 0);
    } else {  // reported with the PSNR of the criterion it missed, never timed
      failed = true;
      EXPECT_EQ(verdict["status"], "FAIL") << entry.dump();
      EXPECT_LT(verdict["failed_psnr"].get<double>(), verdict["failed_threshold"].get<double>());
      EXPECT_EQ(entry["iterations"], 0);
    }
    ran.insert(c["adapter"].get<std::string>());
  }
  EXPECT_EQ(result.status, failed ? 1 : 0) << result.err;
  // Every adapter of the build that maps the steps, and only those.
  for (const auto& name : adapter_names()) {
    const auto adapter = make_adapter(name);
    const bool supports =
        name != "reference" &&
        adapter->supports(Crop{100, 100, 1200, 1200}, {1400, 1500, 3}).supported &&
        adapter->supports(Resize{300, 300, Filter::lanczos3}, {1200, 1200, 3}).supported &&
        adapter->supports(EncodeJpeg{80}, {300, 300, 3}).supported;
    EXPECT_EQ(ran.contains(name), supports) << name;
  }
}

// A known finding that no longer holds fails the run, as pytest's strict xfail does: one whose
// case passes now, and one measured with another library version (reference/known_findings.hpp).
// The reference adapter's crop batches pass in every build.
TEST_F(CliTest, AKnownFindingThatNoLongerHoldsFailsTheRun) {
  const std::vector<std::string> args = {"verify", "--lib", "reference", "--op",
                                         "crop-batch:bilinear"};
  ASSERT_EQ(run(args).status, 0) << "the reference's crop batches pass";
  const std::string version = make_adapter("reference")->version();
  const struct {
    std::string version;
    std::string says;
  } stale[] = {{version, "passes now"}, {"0.0", "was measured with reference 0.0"}};
  for (const auto& s : stale) {
    const std::string list = dir.file("findings.json");
    write_file_text(list, R"({"findings": [{"id": "reference-on-purpose", "adapter": "reference",
        "case": "crop-batch:bilinear/reference/synth-512-rgb-*", "criterion": "psnr",
        "psnr_range": [40, 45], "library_version": ")" +
                              s.version + R"(",
        "explanation": "reference/SEMANTICS.md#known-findings", "reason": "a test's"}]})");
    ::setenv("IMGBENCH_KNOWN_FINDINGS", list.c_str(), 1);
    const RunResult result = run(args);
    ::unsetenv("IMGBENCH_KNOWN_FINDINGS");
    EXPECT_EQ(result.status, 1) << result.out;
    EXPECT_NE(result.out.find("known finding reference-on-purpose " + s.says), std::string::npos)
        << result.out;
  }
}

// libvips' lanczos3 at 8x on a sharp image is not the canonical filter (its fixed point, an 8-bit
// image between its passes): reported with the PSNR of the criterion it missed, as fields, and
// not timed. Its C paths (vector paths off, as under emulation) compute it closely enough.
TEST_F(CliTest, APipelineALibraryComputesDifferentlyIsAFailureWithItsPsnr) {
  if (!built("vips")) GTEST_SKIP() << "no vips adapter in this build";
  if (make_adapter("vips")->version().find("vector paths off") != std::string::npos) {
    GTEST_SKIP() << "libvips' vector paths are off: its C paths' lanczos3 is within tolerance";
  }
  const std::string photo =
      write("photo.jpg", reference::encode_jpeg(images::make_synthetic(640, 400), 95));
  const std::string json = dir.file("pipeline.json");
  const RunResult result = run({"bench", "--pipeline", "resize:scale=8,filter=lanczos3", "--lib",
                                "vips", "--benchmark_min_time=0.01", "--out", json, photo});
  EXPECT_EQ(result.status, 1) << result.err;
  const auto entry = nlohmann::json::parse(slurp(json))["benchmarks"][0];
  EXPECT_TRUE(entry["error_occurred"].get<bool>());
  EXPECT_EQ(entry["verdict"]["status"], "FAIL");
  EXPECT_LT(entry["verdict"]["failed_psnr"].get<double>(),
            entry["verdict"]["failed_threshold"].get<double>());
  EXPECT_EQ(entry["iterations"], 0) << "a failed case is never timed";
}

TEST_F(CliTest, APipelinesSuiteFileNamesItsPipelinesAndInputs) {
  std::filesystem::create_directories(dir.file("photos"));
  write("photos/a.jpg", reference::encode_jpeg(images::make_synthetic(320, 200), 90));
  const std::string suite = dir.file("suite.json");
  write_file_text(suite, R"({"format_version": 1,
      "pipelines": [{"name": "gray-thumb", "steps": ["grayscale", "resize:w=160,h=100"]}],
      "inputs": ["photos/a.jpg"]})");
  const std::string json = dir.file("out.json");
  const RunResult result = run({"bench", "--suite-file", suite, "--lib", "simd", "--lib",
                                "reference", "--benchmark_min_time=0.01", "--out", json});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto document = nlohmann::json::parse(slurp(json));
  ASSERT_EQ(document["benchmarks"].size(), built("simd") ? 2u : 1u);
  EXPECT_EQ(document["benchmarks"][0]["name"].get<std::string>().rfind("pipeline:gray-thumb/", 0),
            0u);
}

// A file name is bytes; the result file is UTF-8: a name that is not valid UTF-8 is written with
// '?' for its stray bytes, and the file stays readable.
TEST_F(CliTest, AFileNameThatIsNotUtf8KeepsTheResultFileValid) {
  const std::string photo =
      write("caf\xe9.jpg", reference::encode_jpeg(images::make_synthetic(64, 48), 90));
  const std::string json = dir.file("out.json");
  const RunResult result = run({"bench", "--pipeline", "rotate90", "--lib", "reference",
                                "--benchmark_min_time=0.01", "--out", json, photo});
  ASSERT_EQ(result.status, 0) << result.err;
  const auto document = nlohmann::json::parse(slurp(json));
  EXPECT_EQ(document["benchmarks"][0]["case"]["image"], "caf?.jpg");
}

TEST_F(CliTest, BadPipelinesAndSuiteFilesAreOneLineErrors) {
  const std::string photo =
      write("photo.jpg", reference::encode_jpeg(images::make_synthetic(64, 48), 90));
  expect_bad_input({"bench", "--pipeline", "sharpen", photo}, "unknown operation 'sharpen'");
  expect_bad_input({"bench", "--pipeline", "save;rotate90", photo}, "save must be the last step");
  expect_bad_input({"bench", "--pipeline", "decode;rotate90", photo}, "'decode' is not a step");
  expect_bad_input({"bench", "--pipeline", "blur:sigma=-1", photo}, "'sigma' must be in");
  expect_bad_input({"bench", "--pipeline", ";", photo}, "no step");
  expect_bad_input({"bench", "--pipeline", "rotate90"}, "a pipeline needs input files");
  expect_bad_input({"bench", "--pipeline", "rotate90", "--suite", "quick", photo},
                   "exclude each other");
  std::filesystem::create_directories(dir.file("other"));
  const std::string twin =
      write("other/photo.jpg", reference::encode_jpeg(images::make_synthetic(64, 48), 90));
  expect_bad_input({"bench", "--pipeline", "rotate90", photo, twin},
                   "two inputs are named photo.jpg");
  expect_bad_input({"bench", "--suite-file", dir.file("missing.json")}, "missing.json");
  write_file_text(dir.file("broken.json"), "{\"pipelines\": [");
  expect_bad_input({"bench", "--suite-file", dir.file("broken.json")}, "not a JSON suite file");
  write_file_text(dir.file("odd.json"), R"({"pipelines": [], "extra": 1})");
  expect_bad_input({"bench", "--suite-file", dir.file("odd.json")}, "unknown key 'extra'");
  write_file_text(dir.file("empty.json"), R"({"pipelines": []})");
  expect_bad_input({"bench", "--suite-file", dir.file("empty.json")}, "non-empty list");
  write_file_text(dir.file("bad-step.json"),
                  R"({"pipelines": [{"name": "x", "steps": ["blur:radius=2"]}]})");
  expect_bad_input({"bench", "--suite-file", dir.file("bad-step.json")},
                   "bad-step.json: blur: unknown parameter 'radius'");
}

// A library's default call (a known-wrong variant marked library_default) is timed as an
// approximate contender beside the canonical ones: its PSNR and max difference are fields, and a
// PSNR below the tolerance is no failure.
TEST_F(CliTest, LibraryDefaultsAreTimedWithTheirPsnrAndNeverFail) {
  std::vector<std::string> args = {"bench",
                                   "--suite",
                                   "quick",
                                   "--benchmark_filter=^blur:sigma=4/[^/]+/synth-2560x1600-rgb/",
                                   "--benchmark_min_time=0.01",
                                   "--out",
                                   dir.file("q.json")};
  int defaults = 0;
  for (const auto& name : adapter_names()) {
    for (const Variant& variant : make_adapter(name)->variants()) {
      if (variant.library_default && variant.matches(Operation{Blur{4}})) ++defaults;
    }
  }
  if (defaults == 0) GTEST_SKIP() << "no library in this build has a default blur call";
  const RunResult result = run(args);
  ASSERT_EQ(result.status, 0) << result.err;
  int approximate = 0;
  const auto document = nlohmann::json::parse(slurp(dir.file("q.json")));
  for (const auto& entry : document["benchmarks"]) {
    if (entry["case"]["family"] != "approximate") continue;
    ++approximate;
    EXPECT_NE(entry["name"].get<std::string>().find("~"), std::string::npos) << entry["name"];
    EXPECT_FALSE(entry.contains("error_occurred")) << entry.dump();
    EXPECT_GT(entry["iterations"].get<int>(), 0);
    EXPECT_TRUE(entry["verdict"]["psnr"].is_number()) << entry.dump();
    EXPECT_TRUE(entry["verdict"]["max_diff"].is_number());
  }
  EXPECT_EQ(approximate, defaults);
}

// The quick suite's 8x thumbnail is canonical for every library that can, and each library's
// shortcuts for it and for the full cycle (shrink on load, thumbnail()) are timed beside them as
// approximate contenders, with the PSNR of the JPEG they hand the user and the call they make.
TEST_F(CliTest, ShortcutsAreTimedBesideTheCycleAndTheThumbnail) {
  write_photo("photo-path", 640, 400);
  const Shape photo{640, 400, 3};
  int shortcuts = 0, thumbnails = 0;
  for (const auto& name : adapter_names()) {
    if (name == "reference") continue;  // bench times the libraries and ours
    const auto adapter = make_adapter(name);
    const bench::FullCycle sequences[] = {bench::full_cycle(photo, Filter::area),
                                          bench::thumbnail(photo)};
    for (const bench::FullCycle& sequence : sequences) {
      if (!bench::supports_cycle(*adapter, sequence, photo)) continue;
      if (&sequence == &sequences[1]) ++thumbnails;
      for (const Shortcut& shortcut : adapter->shortcuts()) {
        shortcuts += shortcut.matches(sequence.steps, photo, ImageFormat::jpeg) ? 1 : 0;
      }
    }
  }
  if (shortcuts == 0) GTEST_SKIP() << "no library in this build has a shortcut for them";
  const RunResult result = run({"bench", "--suite", "quick", "--images", dir.file("images"),
                                "--benchmark_filter=^(cycle:blur-area|thumbnail:lanczos3-8x)/",
                                "--benchmark_min_time=0.01", "--out", dir.file("q.json")});
  int approximate = 0, canonical_thumbnails = 0, failed = 0;
  const auto document = nlohmann::json::parse(slurp(dir.file("q.json")));
  for (const auto& entry : document["benchmarks"]) {
    const auto& c = entry["case"];
    if (c["family"] == "thumbnail") {
      ++canonical_thumbnails;
      EXPECT_EQ(c["steps"].size(), 3u) << entry.dump();  // decode, resize, save
    }
    if (c["family"] != "approximate") {
      // A canonical case is timed only when it passed (libvips' lanczos3 at 8x measures 46.4 dB
      // on this sharp synthetic image, under its 48 dB).
      const bool passed = entry["verdict"]["status"] == "PASS";
      EXPECT_EQ(entry.contains("error_occurred"), !passed) << entry.dump();
      failed += passed ? 0 : 1;
      continue;
    }
    EXPECT_FALSE(entry.contains("error_occurred")) << entry.dump();
    ++approximate;
    // Appended, not "~" + string: gcc 12 warns falsely on that (-Wrestrict, its bug 105329).
    const std::string marked = std::string("~").append(c["approximation"].get<std::string>());
    EXPECT_NE(entry["name"].get<std::string>().find(marked), std::string::npos) << entry["name"];
    EXPECT_FALSE(c["call"].get<std::string>().empty()) << entry.dump();
    EXPECT_GT(entry["iterations"].get<int>(), 0);
    EXPECT_TRUE(entry["verdict"]["psnr"].is_number()) << entry.dump();
    EXPECT_TRUE(entry["verdict"]["max_diff"].is_number());
    EXPECT_EQ(entry["verdict"]["tolerance"]["psnr"], 38.0) << "judged as the JPEG it hands over";
  }
  EXPECT_EQ(approximate, shortcuts);
  EXPECT_EQ(canonical_thumbnails, thumbnails);
  EXPECT_EQ(result.status, failed > 0 ? 1 : 0) << result.err;  // approximate ones never fail
}

TEST_F(CliTest, LevelsSuiteTimesEachLevelVerified) {
  if (!built("simd") || !built("turbojpeg")) GTEST_SKIP() << "no simd or turbojpeg adapter";
  write_photo("photo-path", 320, 200);
  const std::string json = dir.file("levels.json");
  const RunResult result =
      run({"bench", "--suite", "levels", "--images", dir.file("images"), "--lib", "simd", "--lib",
           "turbojpeg", "--benchmark_filter=blur:sigma=4/simd@scalar|load-save/turbojpeg@none",
           "--benchmark_min_time=0.01", "--out", json});
  ASSERT_EQ(result.status, 0) << result.err;
  EXPECT_NE(result.err.find("[2/2]"), std::string::npos) << result.err;
  const std::string report = slurp(json);
  EXPECT_NE(report.find("\"blur:sigma=4/simd@scalar/synth-2560x1600-rgb/real_time\""),
            std::string::npos)
      << report;
  EXPECT_NE(report.find("\"cycle:load-save/turbojpeg@none/photo-path/real_time\""),
            std::string::npos);
  EXPECT_EQ(report.find("error_occurred"), std::string::npos) << report;
}

TEST_F(CliTest, QuickSuiteRunsTheFullCycleVerifiedOnAPhoto) {
  if (!built("simd")) GTEST_SKIP() << "no simd adapter in this build";
  // The quick suite's photo, stood in for by a synthetic JPEG of the same name.
  write_photo("photo-path", 320, 200);
  const std::string json = dir.file("quick.json");
  const RunResult result =
      run({"bench", "--images", dir.file("images"), "--lib", "simd",
           "--benchmark_filter=cycle:blur-area", "--benchmark_min_time=0.01", "--out", json});
  ASSERT_EQ(result.status, 0) << result.err;
  const std::string report = slurp(json);
  EXPECT_NE(report.find("\"cycle:blur-area/simd/photo-path/real_time\""), std::string::npos)
      << report;
  EXPECT_NE(report.find("\"images/s\""), std::string::npos);
}

// The page's Raspberry Pi section sets a wall time beside each counted case: the counted suite
// must time, by the same name, every case a counts run of the quick suite counts.
TEST_F(CliTest, CountedSuiteTimesEveryCaseTheCountsCount) {
  write_photo("photo-rocket", 320, 200);
  const auto names = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"--images", dir.file("images"), "--benchmark_list_tests=true"});
    const RunResult result = run(args);
    std::set<std::string> listed;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
      if (line.find("/real_time") != std::string::npos) listed.insert(line);
    }
    return std::pair{result, listed};
  };
  // Listing counts nothing: it works in any build, valgrind or not.
  const auto [counting, counted] = names({"bench", "--measure", "counts", "--suite", "quick"});
  ASSERT_EQ(counting.status, 0) << counting.err;
  const auto [timing, timed] = names({"bench", "--suite", "counted"});
  ASSERT_EQ(timing.status, 0) << timing.err;
  ASSERT_FALSE(counted.empty());
  for (const std::string& name : counted) EXPECT_TRUE(timed.contains(name)) << name;
  // At the counts' sizes, and without the approximate contenders, which counts leave out.
  for (const std::string& name : timed) {
    EXPECT_EQ(name.find("synth-2560x1600"), std::string::npos) << name;
    EXPECT_EQ(name.find('~'), std::string::npos) << name;
  }
}

TEST_F(CliTest, SuitesNeedTheirImages) {
  expect_bad_input({"bench", "--images", dir.file("nothing-here")}, "no test image named");
  expect_bad_input({"sweep", "--images", dir.file("nothing-here")}, "no JPEG test images");
  expect_bad_input({"sweep", "--load", "3"}, "--load");
}

TEST_F(CliTest, SweepGivesClosedAndOpenLoopPoints) {
  if (!built("simd")) GTEST_SKIP() << "no simd adapter in this build";
  write_photo("photo-small", 200, 150);
  const std::string json = dir.file("sweep.json");
  const RunResult result = run({"sweep", "--images", dir.file("images"), "--lib", "simd",
                                "--seconds", "0.05", "--load", "0.5", "--json", json});
  ASSERT_EQ(result.status, 0) << result.err;
  const std::string report = slurp(json);
  EXPECT_NE(report.find("\"mode\": \"closed\""), std::string::npos) << report;
  EXPECT_NE(report.find("\"mode\": \"open\""), std::string::npos) << report;
  EXPECT_NE(report.find("\"p99\""), std::string::npos);
  EXPECT_NE(report.find("\"failure\": null"), std::string::npos) << report;
  EXPECT_NE(report.find("\"cpu_model\""), std::string::npos);
}

TEST_F(CliTest, BenchRefusesUnknownSuitesAndFlags) {
  expect_bad_input({"bench", "--suite", "everything"}, "unknown suite");
  expect_bad_input({"bench", "--lib", "nosuchlib"}, "nosuchlib");
  expect_bad_input({"bench", "--threads", "2"}, "single-threaded");
}

TEST_F(CliTest, UsageErrors) {
  expect_bad_input({}, "no command");
  expect_bad_input({"frobnicate"}, "unknown command 'frobnicate'");
  expect_bad_input({"list", "--colour"}, "unknown option --colour");
  EXPECT_EQ(run({"--help"}).status, 0);
}

TEST_F(CliTest, ApplyRejectsBadInputAndWritesNothing) {
  const std::string png = write("in.png", reference::encode_png(testing::small_rgb()));
  const Bytes jpeg = reference::encode_jpeg(testing::small_rgb(), 90);
  const std::string truncated =
      write("cut.jpg", Bytes(jpeg.begin(), jpeg.begin() + static_cast<long>(jpeg.size() / 2)));
  const std::string garbage = write("noise.jpg", Bytes(5000, 0x5A));
  const std::string empty = write("empty.jpg", Bytes{});
  const std::string out = dir.file("out.jpg");

  expect_bad_input({"apply", "--lib", "reference", dir.file("missing.jpg"), out},
                   "missing.jpg: cannot open");
  expect_bad_input({"apply", "--lib", "reference", truncated, out}, "cut.jpg");
  expect_bad_input({"apply", "--lib", "reference", garbage, out}, "not a JPEG, PNG or PPM");
  expect_bad_input({"apply", "--lib", "reference", empty, out}, "empty file");
  expect_bad_input({"apply", "--lib", "nope", png, out}, "unknown adapter 'nope'");
  expect_bad_input({"apply", "--lib", "reference", "--op", "sharpen", png, out},
                   "unknown operation 'sharpen'");
  expect_bad_input({"apply", "--lib", "reference", "--op", "blur:radius=3", png, out},
                   "unknown parameter 'radius'");
  expect_bad_input({"apply", "--lib", "reference", "--op", "blur:sigma=x", png, out},
                   "not a valid number");
  expect_bad_input({"apply", "--lib", "reference", "--op", "crop:x=0,y=0,w=999,h=5", png, out},
                   "not inside");
  expect_bad_input({"apply", "--lib", "reference", png, dir.file("out.gif")},
                   "unknown output format");
  expect_bad_input(
      {"apply", "--lib", "reference", "--op", "save:quality=80", png, dir.file("o.png")},
      "JPEG output only");
  if (built("turbojpeg")) {
    expect_bad_input({"apply", "--lib", "turbojpeg", "--op", "rotate90", png, out},
                     "turbojpeg does not support rotate90");
  }
  expect_bad_input({"apply", "--lib", "reference", png}, "expected INPUT and OUTPUT");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(CliTest, FailedApplyLeavesAnExistingOutputUntouched) {
  const std::string png = write("in.png", reference::encode_png(testing::small_rgb()));
  const std::string out = write("out.png", Bytes{'o', 'l', 'd'});
  expect_bad_input({"apply", "--lib", "reference", "--op", "crop:x=0,y=0,w=999,h=5", png, out},
                   "crop");
  EXPECT_EQ(slurp(out), "old");
  // No temporary files are left behind either.
  int files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path()))
    ++files;
  EXPECT_EQ(files, 4);  // in.png, out.png, stdout, stderr
}

TEST_F(CliTest, AFailedWriteLeavesNoTemporaryFile) {
  const std::string png = write("in.png", reference::encode_png(testing::small_rgb()));
  std::filesystem::create_directory(dir.file("taken.png"));  // the rename onto it must fail
  expect_bad_input({"apply", "--lib", "reference", png, dir.file("taken.png")}, "taken.png");
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos)
        << entry.path() << " was left behind";
  }
  EXPECT_TRUE(std::filesystem::is_directory(dir.file("taken.png")));
}

TEST_F(CliTest, ApplyWithTheReferenceMatchesTheKernels) {
  const Image source = testing::small_rgb();
  const std::string png = write("in.png", reference::encode_png(source));
  const RunResult result =
      run({"apply", "--lib", "reference", "--op", "rotate90", "--op",
           "resize:scale=2.5,filter=lanczos3", "--op", "blur:sigma=1.5", png, dir.file("out.png")});
  ASSERT_EQ(result.status, 0) << result.err;
  Image expected = reference::rotate90(source);
  expected = reference::resize(expected, {63, 81, Filter::lanczos3});  // 157/2.5, 203/2.5 rounded
  expected = reference::blur(expected, {1.5});
  EXPECT_TRUE(reference::load_image(dir.file("out.png")).same_pixels(expected));
}

// Every library in the build, on a user's JPEG: as much of the full cycle as it supports (the
// area filter where it has one, bicubic otherwise), then a JPEG save.
TEST_F(CliTest, ApplyThroughEachLibraryWritesJpeg) {
  const Image source = testing::small_rgb();
  const std::string jpeg = write("in.jpg", reference::encode_jpeg(source, 95));
  for (const std::string& lib : adapter_names()) {
    const auto adapter = make_adapter(lib);
    std::vector<std::string> args = {"apply", "--lib", lib};
    Shape shape = source.shape();
    if (adapter->supports(Rotate90{}, shape).supported) {
      args.insert(args.end(), {"--op", "rotate90"});
      shape = {shape.height, shape.width, 3};
    }
    const Shape scaled{scaled_size(shape.width, 2.5), scaled_size(shape.height, 2.5), 3};
    for (const Filter filter : {Filter::area, Filter::bicubic}) {
      if (adapter->supports(Resize{scaled.width, scaled.height, filter}, shape).supported) {
        args.insert(args.end(),
                    {"--op", "resize:scale=2.5,filter=" + std::string(to_string(filter))});
        shape = scaled;
        break;
      }
    }
    if (adapter->supports(Blur{4}, shape).supported)
      args.insert(args.end(), {"--op", "blur:sigma=4"});
    const std::string out = dir.file(lib + ".jpg");
    args.insert(args.end(), {"--op", "save:quality=85", jpeg, out});
    const RunResult result = run(args);
    ASSERT_EQ(result.status, 0) << lib << ": " << result.err;
    EXPECT_EQ(reference::load_image(out).shape(), shape) << lib;
  }
}

TEST_F(CliTest, VerifyAndListErrors) {
  expect_bad_input({"verify", "--images", dir.path().string()}, "no test images");
  expect_bad_input({"verify", "--lib", "nope"}, "unknown adapter 'nope'");
  expect_bad_input({"verify", "--op", "sharpen"}, "unknown operation 'sharpen'");
  testing::write_small_image_set(dir.path().string());
  expect_bad_input({"verify", "--images", dir.path().string(), "--image", "nope"},
                   "no test image named 'nope'");
  const RunResult list = run({"list", "--json", "--images", dir.path().string()});
  EXPECT_EQ(list.status, 0);
  EXPECT_NE(list.out.find("\"adapters\""), std::string::npos);
  EXPECT_NE(list.out.find("synth-203x157-q95-420"), std::string::npos);
}

TEST_F(CliTest, VerifyPassesOnASmallSetAndWritesJson) {
  testing::write_small_image_set(dir.path().string());
  const std::string json = dir.file("verify.json");
  const RunResult result =
      run({"verify", "--variants", "--images", dir.path().string(), "--json", json});
  EXPECT_EQ(result.status, 0) << result.out;
  if (built("opencv")) {
    EXPECT_NE(result.out.find("FAIL (caught)"), std::string::npos);
  }
  EXPECT_NE(slurp(json).find("\"status\": \"PASS\""), std::string::npos);
}

}  // namespace
}  // namespace imgbench
