// The project's answer to "always check your output": every known-wrong call people commonly
// write is caught by verification, while every canonical mapping passes.
#include <gtest/gtest.h>

#include <map>

#include "adapters/registry.hpp"
#include "tests/test_support.hpp"
#include "verify/verifier.hpp"

namespace imgbench {
namespace {

class Variants : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const auto& name : adapter_names()) {
      owned.push_back(make_adapter(name));
      adapters.push_back(owned.back().get());
      for (const auto& variant : owned.back()->variants()) {
        if (!variant.approximation) failures[name + "/" + variant.name] = 0;
      }
    }
    verify::Selection every_variant;
    every_variant.variants = true;
    report = verify::verify_images(adapters, testing::write_small_image_set(dir.path().string()),
                                   every_variant);
  }

  testing::TempDir dir;
  std::vector<std::unique_ptr<Adapter>> owned;
  std::vector<const Adapter*> adapters;
  std::map<std::string, int> failures;  // "adapter/variant" -> cases where verification failed it
  verify::Report report;
};

TEST_F(Variants, EveryKnownWrongVariantIsCaughtAndEveryCanonicalMappingPasses) {
  for (const auto& outcome : report.outcomes) {
    if (outcome.variant.empty()) {
      EXPECT_TRUE(outcome.status == verify::Status::pass ||
                  outcome.status == verify::Status::unsupported)
          << outcome.adapter << " " << outcome.operation << " " << outcome.image << ": "
          << outcome.detail;
      continue;
    }
    const std::string name = outcome.adapter + "/" + outcome.variant;
    if (outcome.approximation) {  // measured, never required to fail
      EXPECT_TRUE(outcome.measured) << name << ": " << outcome.detail;
      continue;
    }
    failures[name] += outcome.status == verify::Status::fail;
    // Passing is only right where the variant computes exactly what the canonical call does.
    if (outcome.status != verify::Status::fail) {
      EXPECT_TRUE(outcome.status == verify::Status::pass && outcome.same_as_canonical)
          << name << " on " << outcome.image << " " << outcome.operation << ": PSNR "
          << outcome.comparison.psnr << " " << outcome.detail;
    }
  }
  for (const auto& [variant, count] : failures) EXPECT_GT(count, 0) << variant << " never caught";
  EXPECT_TRUE(verify::find_problems(report).empty());
}

TEST_F(Variants, LibrariesAreComparedWithEachOther) {
  int libraries = 0;
  for (const auto* adapter : adapters) libraries += adapter->name() != "reference";
  if (libraries < 2) GTEST_SKIP() << "fewer than two libraries in this build";
  ASSERT_FALSE(report.agreements.empty());
  for (const auto& agreement : report.agreements) {
    EXPECT_NE(agreement.adapter_a, agreement.adapter_b);
    EXPECT_NE(agreement.adapter_a, "reference");
    if (agreement.operation == "rotate90") {
      EXPECT_EQ(agreement.max_diff, 0);
    }
  }
}

}  // namespace
}  // namespace imgbench
