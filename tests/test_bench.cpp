// The benchmark suite's verification gate and its operation list.
#include <gtest/gtest.h>

#include "adapters/plain_image.hpp"
#include "adapters/registry.hpp"
#include "bench/single_ops.hpp"
#include "bench/verified_case.hpp"
#include "reference/kernels.hpp"
#include "test_support.hpp"

namespace imgbench::bench {
namespace {

// Blurs by returning its input unchanged: the kind of library mapping the gate must stop.
class NoBlurAdapter final : public Adapter {
 public:
  std::string_view name() const override { return "no-blur"; }
  std::string version() const override { return "0"; }
  Support supports(const Operation&, const Shape&) const override { return Support::yes(); }
  NativePtr blur(const NativeImage& image, const Blur&) const override {
    return wrap_plain(plain_image(image));
  }
  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }
};

TEST(VerifiedCase, PassesTheCanonicalMappingAndStopsAWrongOne) {
  const Image input = testing::small_rgb();
  const Blur blur{2};
  const Image expected = reference::blur(input, blur);

  const Verdict good = verify_case(*make_adapter("reference"), input, blur, expected);
  EXPECT_TRUE(good.passed) << good.message;
  EXPECT_TRUE(good.message.empty());

  const Verdict wrong = verify_case(NoBlurAdapter{}, input, blur, expected);
  EXPECT_FALSE(wrong.passed);
  EXPECT_LT(wrong.comparison.psnr, 48);
  EXPECT_NE(wrong.message.find("PSNR"), std::string::npos) << wrong.message;
}

TEST(VerifiedCase, AnAdapterErrorIsAFailedVerdictNotACrash) {
  const Image input = testing::small_rgb();
  const Rotate90 rotate;
  // NoBlurAdapter has no rotate90: the base class throws Unsupported.
  const Verdict verdict = verify_case(NoBlurAdapter{}, input, rotate, reference::rotate90(input));
  EXPECT_FALSE(verdict.passed);
  EXPECT_NE(verdict.message.find("verification failed"), std::string::npos) << verdict.message;
}

TEST(SingleOps, EveryOperationFitsItsImage) {
  for (const SuiteImage& image : single_op_images()) {
    const Shape shape{image.width, image.height, image.channels};
    const auto ops = single_ops(shape);
    ASSERT_EQ(ops.size(), 8u);  // rotate, 4 resizes, 2 blurs, crop
    for (const SingleOp& op : ops) {
      EXPECT_NO_THROW(output_shape(op.transform, shape)) << op.name << " on " << image.name;
      EXPECT_EQ(op.name.find('/'), std::string::npos) << op.name;  // names are a/b/c
    }
    const auto& resize = std::get<Resize>(ops[2].transform);
    EXPECT_EQ(resize.width, (image.width * 2 + 2) / 5) << image.name;  // round(w / 2.5)
  }
}

}  // namespace
}  // namespace imgbench::bench
