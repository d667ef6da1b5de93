// Parsing pipeline steps from text, and resolving them against an input size.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/op_spec.hpp"

namespace imgbench {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_step(text);
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(OpSpec, ParsesEveryOperation) {
  EXPECT_TRUE(std::holds_alternative<Rotate90>(parse_step("rotate90")));
  const auto resize = std::get<ResizeSpec>(parse_step("resize:scale=2.5,filter=lanczos3"));
  EXPECT_DOUBLE_EQ(resize.factor, 2.5);
  EXPECT_EQ(resize.filter, Filter::lanczos3);
  const auto sized = std::get<ResizeSpec>(parse_step("resize:w=640,h=400"));
  EXPECT_EQ(sized.width, 640);
  EXPECT_EQ(sized.filter, Filter::bicubic);  // the documented default
  EXPECT_DOUBLE_EQ(std::get<Blur>(parse_step("blur:sigma=2")).sigma, 2);
  const auto crop = std::get<Crop>(parse_step("crop:x=10,y=20,w=300,h=200"));
  EXPECT_EQ(crop.x, 10);
  EXPECT_EQ(crop.height, 200);
  EXPECT_EQ(std::get<SaveSpec>(parse_step("save:quality=90")).quality, 90);
}

TEST(OpSpec, RejectsBadInputWithAMessageNamingIt) {
  EXPECT_NE(error_of("sharpen").find("unknown operation 'sharpen'"), std::string::npos);
  EXPECT_NE(error_of("blur:radius=2").find("unknown parameter 'radius'"), std::string::npos);
  EXPECT_NE(error_of("blur:sigma=two").find("not a valid number"), std::string::npos);
  EXPECT_NE(error_of("blur:sigma=-1").find("sigma"), std::string::npos);
  EXPECT_NE(error_of("blur").find("missing parameter 'sigma'"), std::string::npos);
  EXPECT_NE(error_of("resize:scale=0").find("positive"), std::string::npos);
  EXPECT_NE(error_of("resize:scale=2,w=5,h=5").find("either"), std::string::npos);
  EXPECT_NE(error_of("resize:scale=2,filter=nearest").find("unknown resize filter"),
            std::string::npos);
  EXPECT_NE(error_of("crop:x=1,y=2,w=3").find("missing parameter 'h'"), std::string::npos);
  EXPECT_NE(error_of("save:quality=101").find("quality"), std::string::npos);
  EXPECT_NE(error_of("rotate90:angle=90").find("unknown parameter"), std::string::npos);
  EXPECT_NE(error_of("blur:sigma=1,sigma=2").find("twice"), std::string::npos);
}

TEST(OpSpec, ResizeByFactorRoundsTheOutputSize) {
  const Shape pillow_perf{2560, 1600, 3};
  const auto resize = std::get<Resize>(resolve(parse_step("resize:scale=2.5"), pillow_perf));
  EXPECT_EQ(resize.width, 1024);
  EXPECT_EQ(resize.height, 640);
  const auto photo = std::get<Resize>(resolve(parse_step("resize:scale=2.5"), {512, 600, 3}));
  EXPECT_EQ(photo.width, 205);  // 204.8 rounds up
  EXPECT_EQ(photo.height, 240);
  const auto tiny = std::get<Resize>(resolve(parse_step("resize:scale=2.5"), {1, 1, 3}));
  EXPECT_EQ(tiny.width, 1);  // never below one pixel
}

TEST(OpSpec, ResolveValidatesAgainstTheInput) {
  EXPECT_THROW(resolve(parse_step("crop:x=500,y=0,w=100,h=10"), {512, 512, 3}), Error);
  EXPECT_NO_THROW(resolve(parse_step("crop:x=412,y=0,w=100,h=10"), {512, 512, 3}));
  EXPECT_THROW(resolve(parse_step("resize:scale=0.5,filter=area"), {64, 64, 3}), Error);
  EXPECT_THROW(resolve(parse_step("resize:scale=0.00001"), {60000, 60000, 3}),
               Error);  // pixel limit
  EXPECT_THROW(resolve(parse_step("save:quality=85"), {64, 64, 3}), Error);
}

TEST(OpSpec, OperationsPrintAsSpecs) {
  EXPECT_EQ(to_string(Operation{Resize{10, 20, Filter::area}}), "resize:w=10,h=20,filter=area");
  EXPECT_EQ(to_string(Operation{Blur{2.5}}), "blur:sigma=2.5");
  EXPECT_EQ(kind_name(Operation{Crop{}}), "crop");
}

}  // namespace
}  // namespace imgbench
