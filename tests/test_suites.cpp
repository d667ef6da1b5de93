// The pieces of the suites that do not need Google Benchmark to run: crop-batch windows, the full
// cycle's stages and its verification, the sequence tolerances, and the sweep's two loops.
#include <gtest/gtest.h>

#include <algorithm>

#include "adapters/plain_image.hpp"
#include "adapters/registry.hpp"
#include "bench/crop_batches.hpp"
#include "bench/full_cycle.hpp"
#include "bench/sweep.hpp"
#include "bench/verified_case.hpp"
#include "core/crop_batch.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"
#include "reference/tolerances.hpp"
#include "test_support.hpp"

namespace imgbench {
namespace {

TEST(CropWindow, CentresTheSquareAndShiftsItInside) {
  const Shape image{400, 300, 3};
  // side 2 * 64 = 128 around (200, 150): left 200 - 64, top 150 - 64.
  const Crop middle = crop_window(image, {0, 0.5, 0.5, 2.0}, 64);
  EXPECT_EQ(middle.x, 136);
  EXPECT_EQ(middle.y, 86);
  EXPECT_EQ(middle.width, 128);
  EXPECT_EQ(middle.height, 128);
  // At the corners the box is shifted to stay inside.
  const Crop corner = crop_window(image, {0, 1.0, 0.0, 2.0}, 64);
  EXPECT_EQ(corner.x, 400 - 128);
  EXPECT_EQ(corner.y, 0);
  // A scale larger than the image allows is capped at the shorter side.
  const Crop capped = crop_window(image, {0, 0.5, 0.5, 10.0}, 64);
  EXPECT_EQ(capped.width, 300);
  EXPECT_EQ(capped.x, 50);
  // Scale 1: no resampling at all.
  EXPECT_EQ(crop_window(image, {0, 0.3, 0.7, 1.0}, 64).width, 64);
}

TEST(CropWindow, RefusesRequestsOutsideItsDomain) {
  const Shape image{100, 100, 3};
  EXPECT_THROW(crop_window(image, {0, 1.5, 0.5, 1}, 32), Error);
  EXPECT_THROW(crop_window(image, {0, 0.5, -0.1, 1}, 32), Error);
  EXPECT_THROW(crop_window(image, {0, 0.5, 0.5, 0.5}, 32), Error);  // would upscale
  EXPECT_THROW(crop_window(image, {0, 0.5, 0.5, 1}, 101), Error);
  EXPECT_THROW(crop_window(image, {0, 0.5, 0.5, 1}, 0), Error);
}

TEST(CropBatch, IsReproducibleAndWithinItsRanges) {
  const CropBatch a = make_crop_batch(3, 32, 128, 3, Filter::bilinear, 7);
  const CropBatch b = make_crop_batch(3, 32, 128, 3, Filter::bilinear, 7);
  ASSERT_EQ(a.requests.size(), 32u);
  for (std::size_t i = 0; i < a.requests.size(); ++i) {
    EXPECT_EQ(a.requests[i].centre_x, b.requests[i].centre_x);
    EXPECT_EQ(a.requests[i].source, static_cast<int>(i % 3));
    EXPECT_GE(a.requests[i].scale, 1);
    EXPECT_LT(a.requests[i].scale, 3);
    EXPECT_GE(a.requests[i].centre_y, 0);
    EXPECT_LT(a.requests[i].centre_y, 1);
  }
  const CropBatch other = make_crop_batch(3, 32, 128, 3, Filter::bilinear, 8);
  EXPECT_NE(a.requests[0].centre_x, other.requests[0].centre_x);
}

TEST(CropBatch, SourcesAreTheNamedFormatsAndShapes) {
  const auto sources = bench::make_crop_sources(64, true, true);
  ASSERT_EQ(sources.size(), 4u);
  EXPECT_EQ(sources[0].name, "synth-64-rgb-jpeg");
  EXPECT_EQ(reference::detect_format(sources[1].bytes), ImageFormat::png);
  EXPECT_EQ(reference::decode_image(sources[3].bytes, "gray").channels(), 1);
}

TEST(FullCycle, StagesAreCumulative) {
  const auto stages = bench::cycle_stages({1000, 600, 3}, Filter::area);
  ASSERT_EQ(stages.size(), 4u);
  const char* names[] = {"load-save", "rotate", "resize-area", "blur-area"};
  for (std::size_t i = 0; i < stages.size(); ++i) {
    EXPECT_EQ(stages[i].name, names[i]);
    EXPECT_EQ(stages[i].cycle.steps.size(), i);
  }
  // The last stage is the whole cycle: rotated 600x1000, then 2.5x smaller.
  const auto& resize = std::get<Resize>(stages[3].cycle.steps[1]);
  EXPECT_EQ(resize.width, 240);
  EXPECT_EQ(resize.height, 400);
}

TEST(SequenceTolerance, IsTheLoosestStepWithTheWidestBorderBand) {
  const Operation exact[] = {Rotate90{}, Crop{0, 0, 4, 4}};
  EXPECT_TRUE(reference::tolerance_for_sequence(exact).exact());
  EXPECT_TRUE(reference::tolerance_for_sequence({}).exact());  // the decode alone
  const reference::Tolerance resize =
      reference::tolerance_for(Operation{Resize{10, 10, Filter::area, 0}});
  const reference::Tolerance blur = reference::tolerance_for(Operation{Blur{5}});
  const Operation filtered[] = {Rotate90{}, Resize{10, 10, Filter::area, 0}, Blur{5}};
  const reference::Tolerance cycle = reference::tolerance_for_sequence(filtered);
  EXPECT_EQ(cycle.min_psnr, std::min(resize.min_psnr, blur.min_psnr));
  EXPECT_EQ(cycle.min_border_psnr, std::min(resize.min_border_psnr, blur.min_border_psnr));
  EXPECT_EQ(cycle.min_tile_psnr, std::min(resize.min_tile_psnr, blur.min_tile_psnr));
  EXPECT_EQ(cycle.border_band, 10);  // a blur of sigma 5 reaches 10 px, further than a resize
  // A blur's band follows its sigma; exact steps do not loosen the local criteria.
  const Operation small_blur[] = {Crop{0, 0, 4, 4}, Blur{1.5}};
  EXPECT_EQ(reference::tolerance_for_sequence(small_blur).border_band, 3);
  EXPECT_EQ(reference::tolerance_for_sequence(small_blur).min_border_psnr, blur.min_border_psnr);
}

// Skips the blur: what a library mapping "sigma" to the wrong thing would look like from far.
class NoBlurAdapter final : public Adapter {
 public:
  explicit NoBlurAdapter(std::shared_ptr<const Adapter> inner) : inner_(std::move(inner)) {
    map_decode([this](std::span<const std::uint8_t> bytes) { return inner_->decode(bytes); });
    map_save([this](const NativeImage& image, const EncodeJpeg& op) {
      return inner_->encode_jpeg(image, op);
    });
    map<Rotate90>(
        [this](const NativeImage& image, const Rotate90& op) { return inner_->apply(image, op); });
    map<Resize>(
        [this](const NativeImage& image, const Resize& op) { return inner_->apply(image, op); });
    map<Blur>([this](const NativeImage& image, const Blur&) {
      return inner_->import_image(inner_->export_image(image));
    });
  }
  std::string_view name() const override { return "no-blur"; }
  std::string version() const override { return "0"; }
  NativePtr import_image(const Image& image) const override { return inner_->import_image(image); }
  Image export_image(const NativeImage& image) const override {
    return inner_->export_image(image);
  }

 private:
  std::shared_ptr<const Adapter> inner_;
};

Bytes small_jpeg() {
  return reference::encode_jpeg(testing::small_rgb(160, 120), 95);
}

TEST(VerifyCycle, PassesTheReferenceAndCatchesAMissingBlur) {
  const Bytes jpeg = small_jpeg();
  const bench::FullCycle cycle = bench::full_cycle({160, 120, 3}, Filter::bicubic);
  const std::shared_ptr<const Adapter> reference_adapter = make_adapter("reference");
  const bench::Verdict good = bench::verify_cycle(*reference_adapter, jpeg, cycle);
  EXPECT_TRUE(good.passed()) << good.message();

  const bench::Verdict wrong = bench::verify_cycle(NoBlurAdapter(reference_adapter), jpeg, cycle);
  EXPECT_FALSE(wrong.passed());
  EXPECT_NE(wrong.message().find("before the encode: PSNR"), std::string::npos) << wrong.message();
}

TEST(VerifyCycle, CatchesAnEncoderAtAnotherQuality) {
  class Quality75 final : public Adapter {
   public:
    Quality75() {
      map_decode([](std::span<const std::uint8_t> bytes) {
        return wrap_plain(reference::decode_jpeg(bytes));
      });
      map_save([](const NativeImage& image, const EncodeJpeg&) {
        return reference::encode_jpeg(plain_image(image), 75);
      });
    }
    std::string_view name() const override { return "q75"; }
    std::string version() const override { return "0"; }
    NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
    Image export_image(const NativeImage& image) const override { return plain_image(image); }
  };
  bench::FullCycle load_save;  // no steps: decode and encode only
  const bench::Verdict verdict = bench::verify_cycle(Quality75{}, small_jpeg(), load_save);
  EXPECT_FALSE(verdict.passed());
  EXPECT_NE(verdict.message().find("in the encode"), std::string::npos) << verdict.message();
}

class SweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    source = {"small", small_jpeg(), {160, 120, 3}};
    stream.push_back({&source, bench::full_cycle(source.shape, Filter::bicubic)});
    stream.push_back({&source, bench::full_cycle(source.shape, Filter::area)});
  }
  static void expect_ordered(const bench::LatencySummary& s) {
    EXPECT_GT(s.images_per_second, 0);
    EXPECT_NEAR(s.mpx_per_second, s.images_per_second * 160 * 120 / 1e6, 1e-9);
    EXPECT_LE(s.p50, s.p90);
    EXPECT_LE(s.p90, s.p99);
    EXPECT_LE(s.p99, s.max);
    EXPECT_GT(s.p50, 0);
  }
  bench::CycleSource source;
  std::vector<bench::StreamImage> stream;
  std::shared_ptr<const Adapter> adapter = make_adapter("reference");
};

TEST_F(SweepTest, ClosedLoopHonoursItsRequestBounds) {
  const bench::LatencySummary bounded =
      bench::run_closed_loop(*adapter, stream, 2, {10.0, 0, 5});  // 10 s, but 5 requests
  EXPECT_EQ(bounded.requests, 5);
  EXPECT_LT(bounded.seconds, 10);
  expect_ordered(bounded);
  const bench::LatencySummary at_least =
      bench::run_closed_loop(*adapter, stream, 1, {0.0, 3, 0});  // no time, but 3 requests
  EXPECT_EQ(at_least.requests, 3);
}

TEST_F(SweepTest, OpenLoopLatencyIncludesTheQueue) {
  // Arrivals far faster than one worker serves: all 8 requests arrive within microseconds and
  // wait in the queue, so the last one's latency is nearly the whole run. Had latency been
  // measured from the start of service, it would be one service time, about an eighth of it.
  // (A ratio of max to p50 was tried first: it failed on a noisy host when one early request
  // took long, since every later latency includes it.)
  const bench::LatencySummary flooded =
      bench::run_open_loop(*adapter, stream, 1, 100000, {0.0, 8, 8});
  EXPECT_EQ(flooded.requests, 8);
  expect_ordered(flooded);
  EXPECT_GT(flooded.max, 0.5 * flooded.seconds * 1000) << "queueing should stretch the tail";
}

}  // namespace
}  // namespace imgbench
