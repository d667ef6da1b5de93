// Every adapter in this build, on a small image set with awkward sizes: each supported canonical
// operation passes verification, conversions are lossless, and unsupported calls refuse loudly.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "adapters/plain_image.hpp"
#include "adapters/registry.hpp"
#include "adapters/shrink_on_load.hpp"
#include "core/file_io.hpp"
#include "images/synthetic.hpp"
#include "reference/codec.hpp"
#include "reference/kernels.hpp"
#include "reference/metrics.hpp"
#include "reference/operations.hpp"
#include "reference/tolerances.hpp"
#include "tests/test_support.hpp"
#include "verify/verifier.hpp"

namespace imgbench {
namespace {

class AdapterTest : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Adapter> adapter = make_adapter(GetParam());
};

TEST_P(AdapterTest, NamesItselfAndItsLibraryVersion) {
  EXPECT_EQ(adapter->name(), GetParam());
  EXPECT_FALSE(adapter->version().empty());
}

TEST_P(AdapterTest, ImportExportIsLossless) {
  for (int channels : {1, 3, 4}) {
    Image image(29, 13, channels);
    for (int y = 0; y < 13; ++y) {
      for (std::size_t i = 0; i < image.row_bytes(); ++i)
        image.row(y)[i] = static_cast<std::uint8_t>(i * 3 + y * 11);
    }
    const NativePtr native = adapter->import_image(image);
    EXPECT_EQ(native->shape(), image.shape());
    EXPECT_TRUE(adapter->export_image(*native).same_pixels(image)) << channels;
  }
}

TEST_P(AdapterTest, EverySupportedOperationPassesVerification) {
  testing::TempDir dir;
  const auto images = testing::write_small_image_set(dir.path().string());
  const auto outcomes = verify::verify_images({adapter.get()}, images, {}).outcomes;
  int passed = 0;
  for (const auto& outcome : outcomes) {
    EXPECT_FALSE(outcome.is_problem())
        << outcome.operation << " on " << outcome.image << ": " << verify::to_string(outcome.status)
        << " psnr " << outcome.comparison.psnr << " " << outcome.detail;
    passed += outcome.status == verify::Status::pass;
  }
  EXPECT_GT(passed, 0) << "the adapter supports nothing";
}

TEST_P(AdapterTest, UnsupportedOperationsThrowInsteadOfComputingSomethingElse) {
  const Image image = testing::small_rgb(40, 30);
  const NativePtr native = adapter->import_image(image);
  const std::vector<Transform> transforms = {Rotate90{}, Blur{2}, Crop{1, 1, 5, 5},
                                             Resize{16, 12, Filter::bicubic},
                                             Resize{16, 12, Filter::area}};
  for (const Transform& transform : transforms) {
    if (adapter->supports(to_operation(transform), image.shape()).supported) continue;
    EXPECT_THROW(adapter->apply(*native, transform), Unsupported)
        << to_string(to_operation(transform));
  }
}

TEST_P(AdapterTest, DecodeErrorsAreErrorsNotCrashes) {
  if (!adapter->supports(Decode{ImageFormat::jpeg}, {}).supported) GTEST_SKIP();
  const Bytes jpeg = reference::encode_jpeg(testing::small_rgb(), 90);
  const Bytes truncated(jpeg.begin(), jpeg.begin() + static_cast<long>(jpeg.size() * 2 / 3));
  EXPECT_THROW(adapter->decode(truncated), Error);
  EXPECT_THROW(adapter->decode(Bytes{0xFF, 0xD8, 0xFF, 0xE0, 0, 0}), Error);
}

// A JPEG header declaring four components (CMYK) and a scan: every decoder refuses it the same
// way instead of converting it in its own fashion.
Bytes cmyk_jpeg_header() {
  Bytes bytes = {0xFF, 0xD8, 0xFF, 0xC0, 0, 20, 8, 0, 16, 0, 16, 4};
  for (std::uint8_t id = 1; id <= 4; ++id) bytes.insert(bytes.end(), {id, 0x11, 0});
  bytes.insert(bytes.end(), {0xFF, 0xDA, 0, 14, 4});
  for (std::uint8_t id = 1; id <= 4; ++id) bytes.insert(bytes.end(), {id, 0});
  bytes.insert(bytes.end(), {0, 63, 0, 0xFF, 0xD9});
  return bytes;
}

TEST_P(AdapterTest, RefusesCmykJpegs) {
  if (!adapter->supports(Decode{ImageFormat::jpeg}, {}).supported) GTEST_SKIP();
  try {
    adapter->decode(cmyk_jpeg_header());
    FAIL() << "decoded a CMYK JPEG";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("CMYK"), std::string::npos) << error.what();
  }
}

INSTANTIATE_TEST_SUITE_P(AllAdapters, AdapterTest, ::testing::ValuesIn(adapter_names()),
                         [](const auto& param_info) { return param_info.param; });

// An adapter whose blur is whatever the test makes it: the core's checks around every mapping.
class ScriptedBlur final : public Adapter {
 public:
  explicit ScriptedBlur(Call<Blur> blur) { map<Blur>(std::move(blur)); }
  std::string_view name() const override { return "scripted"; }
  std::string version() const override { return "0"; }
  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }
};

std::string error_text(const std::function<void()>& call) {
  try {
    call();
  } catch (const std::exception& error) {
    return error.what();
  }
  return "";
}

TEST(AdapterCore, WhatAnAdapterDoesNotMapIsUnsupported) {
  const ScriptedBlur adapter(
      [](const NativeImage& image, const Blur&) { return wrap_plain(plain_image(image)); });
  const Image image = testing::small_rgb(40, 30);
  const NativePtr native = adapter.import_image(image);
  for (const OperationDef& def : operations()) {
    for (const OperationCase& c : def.cases(image.shape())) {
      EXPECT_EQ(adapter.supports(c.operation, image.shape()).supported, def.name == "blur")
          << c.text;
    }
  }
  EXPECT_THROW(adapter.apply(*native, Rotate90{}), Unsupported);
  EXPECT_THROW(adapter.decode(reference::encode_jpeg(image, 90)), Unsupported);
  EXPECT_NO_THROW(adapter.apply(*native, Blur{1}));
  // Parameters that do not fit the input are the caller's error, not a missing mapping.
  EXPECT_FALSE(adapter.supports(Blur{-1}, image.shape()).supported);
  const std::string bad = error_text([&] { adapter.apply(*native, Blur{-1}); });
  EXPECT_NE(bad.find("sigma must be in"), std::string::npos) << bad;
}

TEST(AdapterCore, AnOutputOfTheWrongShapeIsAnError) {
  const ScriptedBlur adapter([](const NativeImage& image, const Blur&) {
    return wrap_plain(reference::rotate90(plain_image(image)));
  });
  const NativePtr native = adapter.import_image(testing::small_rgb(40, 30));
  const std::string message = error_text([&] { adapter.apply(*native, Blur{1}); });
  EXPECT_NE(message.find("scripted blur:sigma=1: output is 30x40x3, the operation makes 40x30x3"),
            std::string::npos)
      << message;
}

TEST(AdapterCore, ALibrarysExceptionBecomesOneLineNamingTheAdapter) {
  const ScriptedBlur adapter([](const NativeImage&, const Blur&) -> NativePtr {
    throw std::runtime_error("first line\nsecond line\n");
  });
  const NativePtr native = adapter.import_image(testing::small_rgb(40, 30));
  try {
    adapter.apply(*native, Blur{1});
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_STREQ(error.what(), "scripted blur: first line second line");
  }
}

TEST(Registry, KnowsTheCoreAdaptersAndRefusesUnknownNames) {
  const auto names = adapter_names();
  EXPECT_NE(std::find(names.begin(), names.end(), "reference"), names.end());
  try {
    make_adapter("nope");
    FAIL() << "no error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("unknown adapter 'nope'"), std::string::npos);
  }
}

}  // namespace
}  // namespace imgbench

namespace imgbench {
namespace {

// 1x1, 1xN and Nx1 images go through the whole matrix without an error, and the exact operations
// stay exact. (Filters are not judged here: when the image is smaller than the kernel, every
// pixel is an edge pixel, and edge handling is all a PSNR would measure; see SEMANTICS.md.)
// The simd adapter's crop fast path (partial decode): the same pixels as its full decode while the
// crop needs no DCT scaling, including crops whose right edge falls on an iMCU boundary (where
// libjpeg upsamples as at an image edge), and close to the reference when it does scale.
TEST(CropFastPath, PartialDecodeMatchesTheFullDecode) {
  const auto names = adapter_names();
  if (std::find(names.begin(), names.end(), "simd") == names.end()) GTEST_SKIP() << "no simd";
  const auto simd = make_adapter("simd");
  // The fast path of the request crop then resize, on a JPEG of the source's shape.
  const auto fast_path = [&](const Crop& crop, const Resize& resize, const Shape& source) {
    const Transform steps[] = {crop, resize};
    const auto shortcut = find_shortcut(*simd, "partial-decode", steps, source, ImageFormat::jpeg);
    if (!shortcut) throw std::logic_error("simd has no crop fast path");
    return [shortcut, crop, resize](const Bytes& jpeg) {
      const Transform run_steps[] = {crop, resize};
      return shortcut->run(jpeg, run_steps);
    };
  };
  for (const bool gray : {false, true}) {
    const Image source =
        gray ? images::make_synthetic_gray(700, 500) : images::make_synthetic(700, 500);
    const Bytes jpeg = reference::encode_jpeg(source, 90);
    const Resize to_96{96, 96, Filter::bilinear, 0};  // under 2x from every crop: no DCT scaling
    for (const Crop crop : {Crop{0, 0, 128, 128}, Crop{37, 51, 200, 200}, Crop{96, 200, 304, 300},
                            Crop{572, 372, 128, 128}}) {
      const NativePtr full = simd->apply(*simd->apply(*simd->decode(jpeg), crop), to_96);
      const NativePtr fast = fast_path(crop, to_96, source.shape())(jpeg);
      EXPECT_TRUE(simd->export_image(*fast).same_pixels(simd->export_image(*full)))
          << (gray ? "gray " : "colour ") << crop.x << "," << crop.y << " " << crop.width;
    }
    // 480 wide to 64: decoded at 1/2 (a 3.75x resize left), then compared with the reference.
    const Crop large{101, 11, 480, 480};
    const Image expected = reference::resize(reference::crop(reference::decode_jpeg(jpeg), large),
                                             Resize{64, 64, Filter::area, 0});
    const Image fast = simd->export_image(
        *fast_path(large, Resize{64, 64, Filter::area, 0}, source.shape())(jpeg));
    // Judged as a fast path is, locally too: 36.9 dB whole, 36.3 dB border band, 28.4 dB worst
    // tile here, against floors of 30, 30 and 24 (SEMANTICS.md, "crop batch").
    const reference::Tolerance floor = reference::tolerance_for_fast_path();
    const reference::Comparison comparison = reference::compare(expected, fast, floor);
    EXPECT_TRUE(floor.passes(comparison))
        << (gray ? "gray: " : "colour: ") << floor.shortfall(comparison);
    EXPECT_LT(comparison.psnr, 60.0)
        << "expected the DCT-scaled decode to differ from the full one";
  }
  EXPECT_THROW(fast_path(Crop{0, 0, 8, 8}, Resize{4, 4}, Shape{8, 8, 3})(Bytes{1, 2, 3}), Error);
}

// Shrink on load's plan: the reduction leaves part of the resize to the library's filter, and the
// resize moves before the rotations that preceded it, its sides swapped by an odd count of them.
TEST(ShrinkOnLoad, PlansTheReductionAndMovesTheResizeFirst) {
  const Shape photo{2560, 1600, 3};
  const Transform cycle[] = {Rotate90{}, Resize{640, 1024, Filter::bicubic, 2.5}, Blur{4}};
  const auto planned = shrink_on_load::plan(cycle, photo);
  ASSERT_TRUE(planned);
  EXPECT_EQ(planned->reduction, 2);  // 2.5x: 1/2 in the DCT, 1.25x left
  ASSERT_EQ(planned->steps.size(), 3u);
  const Resize* first = std::get_if<Resize>(&planned->steps[0]);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->width, 1024);  // before the rotation: the source's axes
  EXPECT_EQ(first->height, 640);
  EXPECT_TRUE(std::holds_alternative<Rotate90>(planned->steps[1]));
  EXPECT_TRUE(std::holds_alternative<Blur>(planned->steps[2]));

  const Transform thumbnail[] = {Resize{320, 200, Filter::lanczos3, 8}};
  EXPECT_EQ(shrink_on_load::plan(thumbnail, photo)->reduction, 4);  // 2x left for lanczos3
  const Transform twice[] = {Resize{1280, 800, Filter::lanczos3, 2}};
  EXPECT_FALSE(shrink_on_load::plan(twice, photo)) << "2x leaves nothing after a 1/2 decode";
  const Transform blur_first[] = {Blur{4}, Resize{320, 200, Filter::lanczos3, 8}};
  EXPECT_FALSE(shrink_on_load::plan(blur_first, photo)) << "a blur does not commute with it";
  const Transform no_resize[] = {Rotate90{}, Blur{4}};
  EXPECT_FALSE(shrink_on_load::plan(no_resize, photo));

  // Sizes that round: 2563x1603 to 320x200 is 8.01x, an 8x thumbnail, not room for 1/8.
  const Transform rounded[] = {Resize{320, 200, Filter::lanczos3, 0}};
  EXPECT_EQ(shrink_on_load::plan(rounded, {2563, 1603, 3})->reduction, 4);
  const Transform tenfold[] = {Resize{256, 160, Filter::lanczos3, 10}};
  EXPECT_EQ(shrink_on_load::plan(tenfold, photo)->reduction, 8);  // 1.25x left
  // Two rotations leave the axes as they were.
  const Transform turned_twice[] = {Rotate90{}, Rotate90{},
                                    Resize{1024, 640, Filter::bicubic, 2.5}};
  const auto twice_turned = shrink_on_load::plan(turned_twice, photo);
  ASSERT_TRUE(twice_turned);
  EXPECT_EQ(std::get<Resize>(twice_turned->steps[0]).width, 1024);
  EXPECT_EQ(twice_turned->steps.size(), 3u);
}

// Image.thumbnail() keeps the source's aspect ratio: where its rounding makes another size than
// the sequence asks for (640x427 to 80x53: Pillow makes 79x53), it is not offered as a shortcut.
TEST(ShrinkOnLoad, PillowsThumbnailIsOfferedOnlyWhereItMakesTheSizeAsked) {
  const std::vector<std::string> built = adapter_names();
  if (std::find(built.begin(), built.end(), "pillow") == built.end()) {
    GTEST_SKIP() << "no Pillow adapter in this build";
  }
  const auto pillow = make_adapter("pillow");
  const Transform even[] = {Resize{80, 50, Filter::lanczos3, 8}};
  EXPECT_TRUE(find_shortcut(*pillow, "thumbnail", even, {640, 400, 3}, ImageFormat::jpeg));
  const Transform rounded[] = {Resize{80, 53, Filter::lanczos3, 8}};
  EXPECT_FALSE(find_shortcut(*pillow, "thumbnail", rounded, {640, 427, 3}, ImageFormat::jpeg));
}

// Every adapter's shrink on load runs the full cycle to the canonical output's shape and close to
// it, and is not the canonical output itself (it decodes less).
TEST(ShrinkOnLoad, EveryShortcutRunsTheCycleCloseToTheReference) {
  const Image source = images::make_synthetic(1000, 640);
  const Bytes jpeg = reference::encode_jpeg(source, 90);
  const Transform steps[] = {Rotate90{}, Resize{256, 400, Filter::bicubic, 2.5}, Blur{4}};
  Image expected = reference::decode_jpeg(jpeg);
  for (const Transform& step : steps) expected = reference::apply(expected, step);
  int run = 0;
  for (const auto& name : adapter_names()) {
    const auto adapter = make_adapter(name);
    const auto shortcut =
        find_shortcut(*adapter, "shrink-on-load", steps, source.shape(), ImageFormat::jpeg);
    // The shortcut runs the steps after the decode through the adapter's canonical mappings.
    if (!shortcut ||
        !adapter->supports(Operation{std::get<Resize>(steps[1])}, {640, 1000, 3}).supported ||
        !adapter->supports(Operation{std::get<Blur>(steps[2])}, {256, 400, 3}).supported) {
      continue;
    }
    ++run;
    const Image actual = adapter->export_image(*shortcut->run(jpeg, steps));
    ASSERT_EQ(actual.shape(), expected.shape()) << name;
    const reference::Comparison comparison = reference::compare(expected, actual, 8);
    // 51-56 dB here (vips, ours), before the encode.
    EXPECT_GT(comparison.psnr, 38.0) << name;
    EXPECT_LT(comparison.psnr, 80.0) << name << ": expected the reduced decode to differ";
  }
  if (run == 0) GTEST_SKIP() << "no adapter in this build shrinks on load";
}

TEST(TinyImages, EveryAdapterPassesOnDegenerateShapes) {
  testing::TempDir dir;
  std::filesystem::create_directories(dir.path() / "synthetic");
  for (const auto& [w, h] : {std::pair{1, 1}, std::pair{1, 7}, std::pair{7, 1}, std::pair{2, 3}}) {
    const std::string name = "synth-" + std::to_string(w) + "x" + std::to_string(h);
    write_file_atomic((dir.path() / "synthetic" / (name + ".png")).string(),
                      reference::encode_png(testing::small_rgb(w, h)));
  }
  std::vector<std::unique_ptr<Adapter>> owned;
  std::vector<const Adapter*> adapters;
  for (const auto& name : adapter_names()) {
    owned.push_back(make_adapter(name));
    adapters.push_back(owned.back().get());
  }
  const auto outcomes =
      verify::verify_images(adapters, images::list_test_images(dir.path().string()), {}).outcomes;
  ASSERT_FALSE(outcomes.empty());
  for (const auto& outcome : outcomes) {
    const bool filtered = outcome.kind == "resize" || outcome.kind == "blur";
    if (filtered && outcome.status == verify::Status::fail) continue;
    EXPECT_FALSE(outcome.is_problem())
        << outcome.adapter << " " << outcome.operation << " on " << outcome.image << ": "
        << verify::to_string(outcome.status) << " psnr " << outcome.comparison.psnr << " maxdiff "
        << outcome.comparison.max_diff << " " << outcome.detail;
  }
}

}  // namespace
}  // namespace imgbench
