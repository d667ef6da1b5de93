// Known findings (reference/known_findings.hpp): a failure a declared finding explains, within its
// range and with its library version, is KNOWN; a finding that no longer holds fails, as
// pytest's strict xfail does.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>

#include "core/error.hpp"
#include "reference/known_findings.hpp"
#include "reference/verdict.hpp"
#include "tests/test_support.hpp"

namespace imgbench::reference {
namespace {

KnownFinding clamp_finding() {
  KnownFinding finding;
  finding.id = "lib-edge-rule";
  finding.adapter = "lib";
  finding.case_pattern = "crop-batch:bilinear/lib/synth-512-*";
  finding.criterion = "psnr";
  finding.psnr_min = 44.6;
  finding.psnr_max = 44.95;
  finding.library_version = "8.14.1";
  finding.explanation = "reference/SEMANTICS.md#known-findings";
  finding.reason = "its own edge rule";
  return finding;
}

// A verdict that failed `criterion` at `psnr`, or passed.
Verdict verdict(VerdictStatus status, const std::string& criterion = "", double psnr = 0) {
  Verdict v;
  v.status = status;
  v.measured = true;
  v.failed = criterion;
  v.failed_psnr = psnr;
  v.failed_threshold = 51.3;
  return v;
}

const std::string kCase = "crop-batch:bilinear/lib/synth-512-rgb-png";

TEST(KnownFindings, AFailureWithinTheRangeIsKnownNotAFailure) {
  Verdict v = verdict(VerdictStatus::fail, "psnr", 44.70);
  apply_known_findings(v, kCase, "lib", "8.14.1", {clamp_finding()});
  EXPECT_EQ(v.status, VerdictStatus::known);
  ASSERT_TRUE(v.known_finding);
  EXPECT_EQ(v.known_finding->id, "lib-edge-rule");
  EXPECT_EQ(to_string(v.status), "KNOWN");
  EXPECT_EQ(v.message().rfind("known finding lib-edge-rule: its own edge rule", 0), 0u)
      << v.message();
  EXPECT_EQ(verdict_json(v)["known_finding"]["psnr_max"], 44.95);
}

TEST(KnownFindings, AFindingThatNoLongerHoldsFailsTheCase) {
  const struct {
    Verdict input;
    std::string library_version;
    std::string says;
  } stale[] = {
      {verdict(VerdictStatus::pass), "8.14.1", "passes now"},
      {verdict(VerdictStatus::fail, "psnr", 43.0), "8.14.1", "moved out of its range"},
      {verdict(VerdictStatus::fail, "psnr", 46.0), "8.14.1", "moved out of its range"},
      {verdict(VerdictStatus::fail, "tile", 30.0), "8.14.1", "fails on another criterion"},
      {verdict(VerdictStatus::fail, "psnr", 44.70), "8.15.0", "was measured with lib 8.14.1"},
      {verdict(VerdictStatus::pass), "8.15.0", "was measured with lib 8.14.1"},
  };
  for (const auto& s : stale) {
    Verdict v = s.input;
    apply_known_findings(v, kCase, "lib", s.library_version, {clamp_finding()});
    EXPECT_EQ(v.status, VerdictStatus::fail) << s.says;
    EXPECT_EQ(v.failed, "known-finding");
    EXPECT_NE(v.detail.find(s.says), std::string::npos) << v.detail;
    EXPECT_NE(v.message().find("update reference/known_findings.json"), std::string::npos);
  }
}

// One library in two configurations (libvips with its vector paths off reports another version)
// has a finding for each: the case is judged by the one measured with its version, whichever
// comes first in the list.
TEST(KnownFindings, TheFindingMeasuredWithThisVersionJudgesTheCase) {
  KnownFinding other = clamp_finding();
  other.id = "lib-edge-rule-scalar";
  other.library_version = "8.14.1 (scalar)";
  other.psnr_min = 46.1;
  other.psnr_max = 46.5;
  for (const auto& order :
       {std::vector{clamp_finding(), other}, std::vector{other, clamp_finding()}}) {
    Verdict scalar = verdict(VerdictStatus::fail, "psnr", 46.3);
    apply_known_findings(scalar, kCase, "lib", "8.14.1 (scalar)", order);
    EXPECT_EQ(scalar.status, VerdictStatus::known) << scalar.detail;
    Verdict vector = verdict(VerdictStatus::fail, "psnr", 44.7);
    apply_known_findings(vector, kCase, "lib", "8.14.1", order);
    EXPECT_EQ(vector.status, VerdictStatus::known) << vector.detail;
    // Each range is its own version's: the other's figure is out of it.
    Verdict crossed = verdict(VerdictStatus::fail, "psnr", 46.3);
    apply_known_findings(crossed, kCase, "lib", "8.14.1", order);
    EXPECT_EQ(crossed.failed, "known-finding") << crossed.detail;
  }
}

TEST(KnownFindings, OnlyTheFindingsCasesOfItsAdapterAreTouched) {
  for (const auto& [name, adapter] : {std::pair<std::string, std::string>{kCase, "other"},
                                      {"crop-batch:area/lib/synth-512-rgb-png", "lib"},
                                      {"blur:sigma=4/lib/photo-path", "lib"}}) {
    Verdict v = verdict(VerdictStatus::fail, "psnr", 44.70);
    apply_known_findings(v, name, adapter, "8.14.1", {clamp_finding()});
    EXPECT_EQ(v.status, VerdictStatus::fail) << name;
    EXPECT_EQ(v.failed, "psnr");
  }
  // An error is an error: a finding explains a measurement, not a crash.
  Verdict error = error_verdict("the library threw");
  apply_known_findings(error, kCase, "lib", "8.14.1", {clamp_finding()});
  EXPECT_EQ(error.status, VerdictStatus::error);
}

TEST(KnownFindings, CasePatternsMatchWithStars) {
  EXPECT_TRUE(matches_case("crop-batch:bilinear/vips/synth-512-rgb-*",
                           "crop-batch:bilinear/vips/synth-512-rgb-jpeg"));
  EXPECT_TRUE(matches_case("*/vips/*", "blur:sigma=4/vips/photo-path"));
  EXPECT_TRUE(matches_case("a*b*c", "aXXbYYc"));
  EXPECT_FALSE(matches_case("crop-batch:bilinear/vips/*", "crop-batch:area/vips/x"));
  EXPECT_FALSE(matches_case("a*b", "a"));
  EXPECT_FALSE(matches_case("abc", "abcd"));
}

TEST(KnownFindings, TheDeclaredListIsWellFormedAndAMalformedOneIsAnError) {
  // The embedded list: every finding names its adapter, a case, a criterion, a range, a
  // library version and its place in SEMANTICS.md.
  for (const KnownFinding& finding : known_findings()) {
    EXPECT_FALSE(finding.id.empty());
    EXPECT_TRUE(finding.case_pattern.find("/" + finding.adapter + "/") != std::string::npos)
        << finding.id;
    EXPECT_LE(finding.psnr_min, finding.psnr_max);
    EXPECT_FALSE(finding.library_version.empty());
    EXPECT_EQ(finding.explanation.rfind("reference/SEMANTICS.md#", 0), 0u) << finding.id;
  }
  EXPECT_THROW(parse_known_findings("{\"findings\": [{\"id\": \"x\"}]}", "bad.json"), Error);
  EXPECT_THROW(parse_known_findings("not json", "bad.json"), Error);
  try {
    parse_known_findings(R"({"findings": [{"id": "x", "adapter": "a", "case": "c",
        "criterion": "psnr", "psnr_range": [2, 1], "library_version": "1",
        "explanation": "e", "reason": "r"}]})",
                         "bad.json");
    FAIL() << "an empty range was taken";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("bad.json"), std::string::npos);
  }
}

}  // namespace
}  // namespace imgbench::reference
