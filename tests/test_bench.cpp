// The benchmark suite's verification gate and its operation list.
#include <gtest/gtest.h>

#include <cstdlib>
#include <thread>

#include "adapters/plain_image.hpp"
#include "adapters/registry.hpp"
#include "bench/peak_memory.hpp"
#include "bench/result_file.hpp"
#include "bench/simd_levels.hpp"
#include "bench/single_ops.hpp"
#include "bench/verified_case.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "test_support.hpp"

namespace imgbench::bench {
namespace {

// Blurs by returning its input unchanged: the kind of library mapping the gate must stop.
class NoBlurAdapter final : public Adapter {
 public:
  NoBlurAdapter() {
    map<Blur>([](const NativeImage& image, const Blur&) { return wrap_plain(plain_image(image)); });
  }
  std::string_view name() const override { return "no-blur"; }
  std::string version() const override { return "0"; }
  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }
};

TEST(VerifiedCase, PassesTheCanonicalMappingAndStopsAWrongOne) {
  const Image input = testing::small_rgb();
  const Blur blur{2};
  const Image expected = reference::blur(input, blur);

  const Verdict good = verify_case(*make_adapter("reference"), input, blur, expected);
  EXPECT_TRUE(good.passed()) << good.message();
  EXPECT_TRUE(good.message().empty());

  const Verdict wrong = verify_case(NoBlurAdapter{}, input, blur, expected);
  EXPECT_FALSE(wrong.passed());
  EXPECT_LT(wrong.comparison.psnr, 48);
  EXPECT_NE(wrong.message().find("PSNR"), std::string::npos) << wrong.message();
}

// The verdict travels as fields: the failed criterion with its PSNR and threshold, whatever the
// message says.
TEST(VerifiedCase, AFailedVerdictCarriesItsCriterionAsFields) {
  const Image input = testing::small_rgb();
  const Blur blur{2};
  const Verdict wrong =
      verify_case(NoBlurAdapter{}, input, blur, reference::apply(input, Transform{blur}));
  const nlohmann::json json = verdict_json(wrong);
  EXPECT_EQ(json["status"], "FAIL");
  ASSERT_TRUE(json.contains("failed")) << json.dump();
  EXPECT_LT(json["failed_psnr"].get<double>(), json["failed_threshold"].get<double>());
  const double psnr = json["failed"] == "psnr"     ? wrong.comparison.psnr
                      : json["failed"] == "border" ? wrong.comparison.psnr_border
                                                   : wrong.comparison.psnr_tile;
  EXPECT_EQ(json["failed_psnr"].get<double>(), psnr);
  EXPECT_EQ(json["tolerance"]["psnr"].get<double>(),
            reference::tolerance_for(Operation{blur}).min_psnr);
  // The border band's worst edge, by name.
  EXPECT_EQ(json["border_edge"], std::string(reference::to_string(wrong.comparison.border_edge)));
  EXPECT_NE(json["border_edge"], "");
  const nlohmann::json exact = verdict_json(
      verify_case(*make_adapter("reference"), input, Rotate90{}, reference::rotate90(input)));
  EXPECT_EQ(exact["psnr"], "inf");
  EXPECT_FALSE(exact.contains("failed"));
}

TEST(VerifiedCase, AnAdapterErrorIsAFailedVerdictNotACrash) {
  const Image input = testing::small_rgb();
  const Rotate90 rotate;
  // NoBlurAdapter maps no rotate90: the core throws Unsupported.
  const Verdict verdict = verify_case(NoBlurAdapter{}, input, rotate, reference::rotate90(input));
  EXPECT_FALSE(verdict.passed());
  EXPECT_NE(verdict.message().find("verification failed"), std::string::npos) << verdict.message();
}

// A shortcut that makes an image of another shape than the sequence (Pillow's aspect-keeping
// thumbnail did) is an error, never an approximation timed beside a PSNR of -inf.
TEST(VerifiedCase, AShortcutOfAnotherShapeIsAnError) {
  const Image source = testing::small_rgb(64, 40);
  const Bytes jpeg = reference::encode_jpeg(source, 90);
  const Transform steps[] = {Resize{8, 5, Filter::lanczos3, 8}};
  const auto adapter = make_adapter("reference");
  Shortcut narrower;
  narrower.name = "narrower";
  narrower.run = [&](std::span<const std::uint8_t>, std::span<const Transform>) {
    return adapter->import_image(testing::small_rgb(7, 5));
  };
  const Verdict verdict = verify_shortcut(*adapter, narrower, jpeg, steps, EncodeJpeg{85});
  EXPECT_EQ(verdict.status, reference::VerdictStatus::error) << verdict.message();
  EXPECT_NE(verdict.message().find("7x5x3"), std::string::npos) << verdict.message();
  narrower.run = [&](std::span<const std::uint8_t> bytes, std::span<const Transform> s) {
    Image image = reference::decode_jpeg(bytes);  // the sequence itself: the same shape, judged
    for (const Transform& step : s) image = reference::apply(image, step);
    return adapter->import_image(image);
  };
  EXPECT_NE(verify_shortcut(*adapter, narrower, jpeg, steps, EncodeJpeg{85}).status,
            reference::VerdictStatus::error);
}

TEST(SingleOps, EveryOperationFitsItsImage) {
  for (const SuiteImage& image : single_op_images()) {
    const Shape shape{image.width, image.height, image.channels};
    const auto ops = single_ops(shape);
    ASSERT_GE(ops.size(), 8u);  // rotate, 4 resizes, 2 blurs, crop, ...
    const SingleOp* bicubic = nullptr;
    for (const SingleOp& op : ops) {
      if (op.name == "resize:scale=2.5,filter=bicubic") bicubic = &op;
      EXPECT_NO_THROW(output_shape(op.transform, shape)) << op.name << " on " << image.name;
      EXPECT_EQ(op.name.find('/'), std::string::npos) << op.name;  // names are a/b/c
    }
    ASSERT_NE(bicubic, nullptr);
    const auto& resize = std::get<Resize>(bicubic->transform);
    EXPECT_EQ(resize.width, (image.width * 2 + 2) / 5) << image.name;  // round(w / 2.5)
  }
}

bool built(const std::string& name) {
  const auto names = adapter_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

TEST(SimdLevels, EveryLevelCanBeSwitchedToAndBack) {
  int with_levels = 0;
  for (const auto& name : adapter_names()) {
    const auto adapter = make_adapter(name);
    const auto levels = adapter->simd_levels();
    if (levels.empty()) continue;
    ++with_levels;
    const std::string before = adapter->simd_level();
    EXPECT_EQ(before, levels.front()) << name << ": the default comes first";
    for (const auto& level : levels) {
      adapter->use_simd_level(level);
      EXPECT_EQ(adapter->simd_level(), level) << name;
    }
    adapter->use_simd_level(before);
    EXPECT_EQ(adapter->simd_level(), before) << name;
    EXPECT_THROW(adapter->use_simd_level("no-such-level"), Error) << name;
  }
  if (built("simd")) {
    EXPECT_GE(with_levels, 1);
  }
}

TEST(SimdLevels, ContendersNameTheirLevel) {
  if (!built("simd")) GTEST_SKIP() << "no simd adapter in this build";
  const std::vector<std::shared_ptr<const Adapter>> adapters = {make_adapter("reference"),
                                                                make_adapter("simd")};
  const auto as_configured = contenders(adapters, false);
  ASSERT_EQ(as_configured.size(), 2u);
  EXPECT_EQ(as_configured[1].name(), "simd");
  // The reference has no levels: left out.
  const auto every_level = contenders(adapters, true);
  ASSERT_EQ(every_level.size(), adapters[1]->simd_levels().size());
  EXPECT_EQ(every_level.back().name(), "simd@scalar");
}

TEST(SimdLevels, ABodyRunsAtItsLevelInAThreadOfItsOwn) {
  if (!built("simd")) GTEST_SKIP() << "no simd adapter in this build";
  const std::shared_ptr<const Adapter> simd = make_adapter("simd");
  const std::string before = simd->simd_level();
  std::string seen;
  std::thread::id thread;
  run_at_level({simd, "scalar"}, [&] {
    seen = simd->simd_level();
    thread = std::this_thread::get_id();
  });
  EXPECT_EQ(seen, "scalar");
  EXPECT_NE(thread, std::this_thread::get_id());
  EXPECT_EQ(simd->simd_level(), before);
  // A failing body still switches back, and its error reaches the caller.
  EXPECT_THROW(run_at_level({simd, "scalar"}, [] { throw Error("body failed"); }), Error);
  EXPECT_EQ(simd->simd_level(), before);
}

TEST(SimdLevels, TurboJpegWithoutSimdSetsItsSwitchForTheBody) {
  if (!built("turbojpeg")) GTEST_SKIP() << "no turbojpeg adapter in this build";
  const std::shared_ptr<const Adapter> turbojpeg = make_adapter("turbojpeg");
  ASSERT_EQ(turbojpeg->simd_level(), "jsimd");
  std::string seen;
  run_at_level({turbojpeg, "none"}, [&] {
    const char* value = std::getenv("JSIMD_FORCENONE");
    seen = value ? value : "";
  });
  EXPECT_EQ(seen, "1");
  EXPECT_EQ(std::getenv("JSIMD_FORCENONE"), nullptr);
}

// Allocates `mib` MiB, touches every page (so that it is resident) and frees it.
void touch_and_free_mib(std::size_t mib) {
  std::vector<std::uint8_t> buffer(mib << 20);
  for (std::size_t i = 0; i < buffer.size(); i += 4096) buffer[i] = 1;
  benchmark::DoNotOptimize(buffer.data());
}

TEST(PeakMemory, SeesWhatTheCaseAllocatesAndTouches) {
  const PeakMemory idle;
  const auto nothing = idle.added_mib();
  if (!nothing) GTEST_SKIP() << "this kernel cannot reset the resident high-water mark";
  EXPECT_LT(*nothing, 4.0);

  const PeakMemory busy;
  touch_and_free_mib(48);
  const auto added = busy.added_mib();
  ASSERT_TRUE(added.has_value());
  EXPECT_GE(*added, 47.0);
  EXPECT_LT(*added, 56.0);
}

TEST(PeakMemory, ACaseIsMeasuredOnItsFirstRunOnly) {
  if (!PeakMemory().added_mib()) GTEST_SKIP() << "cannot reset the resident high-water mark";
  CaseMemory first("test/first-run");
  touch_and_free_mib(48);
  const auto measured = first.finish();
  ASSERT_TRUE(measured.has_value());
  EXPECT_GE(*measured, 47.0);
  // A later run allocates nothing, measures nothing, and reports the first run's peak.
  CaseMemory later("test/first-run");
  EXPECT_EQ(later.finish(), measured);
  CaseMemory other("test/another-case");
  ASSERT_TRUE(other.finish().has_value());
  EXPECT_LT(*other.finish(), 4.0);
}

TEST(PeakMemory, ReportsNothingOffTheMainThread) {
  std::optional<double> added = 1.0;
  std::thread([&] { added = PeakMemory().added_mib(); }).join();
  EXPECT_FALSE(added.has_value());
}

}  // namespace
}  // namespace imgbench::bench
