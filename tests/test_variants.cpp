// The project's answer to "always check your output": every known-wrong call people commonly
// write is caught by verification, while every canonical mapping passes.
#include <gtest/gtest.h>

#include <map>

#include "adapters/registry.hpp"
#include "tests/test_support.hpp"
#include "verify/verifier.hpp"

namespace imgbench {
namespace {

TEST(Variants, EveryKnownWrongVariantFailsAndEveryCanonicalMappingPasses) {
  std::vector<std::unique_ptr<Adapter>> owned;
  std::vector<const Adapter*> adapters;
  std::map<std::string, int> variant_runs;  // "adapter/variant" -> cases run
  for (const auto& name : adapter_names()) {
    owned.push_back(make_adapter(name));
    adapters.push_back(owned.back().get());
    for (const auto& variant : owned.back()->variants())
      variant_runs[name + "/" + variant.name] = 0;
  }
  testing::TempDir dir;
  const auto images = testing::write_small_image_set(dir.path().string());
  const auto outcomes = verify::verify_images(adapters, images, {{}, true});
  for (const auto& outcome : outcomes) {
    if (outcome.variant.empty()) {
      EXPECT_TRUE(outcome.status == verify::Status::pass ||
                  outcome.status == verify::Status::unsupported)
          << outcome.adapter << " " << outcome.operation << " " << outcome.image << ": "
          << outcome.detail;
      continue;
    }
    ++variant_runs[outcome.adapter + "/" + outcome.variant];
    EXPECT_EQ(outcome.status, verify::Status::fail)
        << outcome.adapter << "/" << outcome.variant << " on " << outcome.image
        << " was not caught (PSNR " << outcome.comparison.psnr << ")";
    EXPECT_FALSE(outcome.tolerance.passes(outcome.comparison));
  }
  for (const auto& [variant, runs] : variant_runs) EXPECT_GT(runs, 0) << variant << " never ran";
}

}  // namespace
}  // namespace imgbench
