// The operations' declarations: parsing steps from text, resolving them against an input size,
// and what every declaration promises (its cases read back as themselves, its parameters' defaults
// are valid, its reference keeps the shape it declares).
#include <gtest/gtest.h>

#include <set>

#include "core/error.hpp"
#include "images/synthetic.hpp"
#include "reference/operations.hpp"

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

// The concrete operation a text means on a 2560x1600 RGB input.
Operation operation_of(const std::string& text) {
  return resolve(parse_step(text), Shape{2560, 1600, 3});
}

TEST(OpSpec, ParsesEveryOperation) {
  EXPECT_TRUE(std::holds_alternative<Rotate90>(operation_of("rotate90")));
  const auto resize = std::get<Resize>(operation_of("resize:scale=2.5,filter=lanczos3"));
  EXPECT_DOUBLE_EQ(resize.nominal_factor, 2.5);
  EXPECT_EQ(resize.filter, Filter::lanczos3);
  const auto sized = std::get<Resize>(operation_of("resize:w=640,h=400"));
  EXPECT_EQ(sized.width, 640);
  EXPECT_EQ(sized.filter, Filter::bicubic);  // the documented default
  EXPECT_DOUBLE_EQ(std::get<Blur>(operation_of("blur:sigma=2")).sigma, 2);
  const auto crop = std::get<Crop>(operation_of("crop:x=10,y=20,w=300,h=200"));
  EXPECT_EQ(crop.x, 10);
  EXPECT_EQ(crop.height, 200);
  EXPECT_EQ(std::get<EncodeJpeg>(operation_of("save:quality=90")).quality, 90);
  EXPECT_EQ(std::get<EncodeJpeg>(operation_of("save")).quality, 85);  // the default
  EXPECT_EQ(std::get<Decode>(operation_of("decode:format=png")).format, ImageFormat::png);
}

TEST(OpSpec, RejectsBadInputWithAMessageNamingIt) {
  EXPECT_NE(error_of("sharpen").find("unknown operation 'sharpen'"), std::string::npos);
  EXPECT_NE(error_of("blur:radius=2").find("unknown parameter 'radius'"), std::string::npos);
  EXPECT_NE(error_of("blur:sigma=two").find("not a valid number"), std::string::npos);
  EXPECT_NE(error_of("blur:sigma=-1").find("sigma"), std::string::npos);
  EXPECT_NE(error_of("blur").find("missing parameter 'sigma'"), std::string::npos);
  EXPECT_NE(error_of("resize:scale=0").find("'scale' must be in (0, 1e+06]"), std::string::npos);
  EXPECT_THROW(resolve(parse_step("resize:scale=2,w=5,h=5"), {64, 64, 3}), Error);
  EXPECT_THROW(resolve(parse_step("resize:scale=2,w=5"), {64, 64, 3}), Error);
  EXPECT_THROW(resolve(parse_step("resize:w=5"), {64, 64, 3}), Error);
  EXPECT_NE(error_of("crop:x=1.5,y=2,w=3,h=3").find("not a valid integer"), std::string::npos);
  EXPECT_NE(error_of("resize:scale=2,filter=nearest")
                .find("must be one of bilinear, bicubic, lanczos3, area"),
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
  EXPECT_THROW(resolve_transform(parse_step("save:quality=85"), {64, 64, 3}), Error);
  EXPECT_THROW(resolve(parse_step("save:quality=85"), {64, 64, 4}), Error);  // no alpha in JPEG
}

TEST(OpSpec, OperationsPrintAsSpecs) {
  EXPECT_EQ(to_string(Operation{Resize{10, 20, Filter::area}}), "resize:w=10,h=20,filter=area");
  EXPECT_EQ(to_string(Operation{Blur{2.5}}), "blur:sigma=2.5");
  EXPECT_EQ(kind_name(Operation{Crop{}}), "crop");
}

TEST(Declarations, NamesAreUniqueAndTheDecodeComesFirstTheSaveLast) {
  std::set<std::string> names;
  for (const OperationDef& def : operations()) {
    EXPECT_TRUE(names.insert(def.name).second) << def.name;
    EXPECT_EQ(&find_operation(def.name), &def);
  }
  EXPECT_EQ(operations().front().role, Role::decode);
  EXPECT_EQ(operations().back().role, Role::save);
}

// What every case of every declaration promises, on both kinds of suite image: its text reads
// back as the same operation, the operation prints as a text that reads back as itself, and the
// reference's output has the shape the declaration gives.
TEST(Declarations, EveryCaseReadsBackAsItselfAndKeepsItsShape) {
  for (const Shape input : {Shape{97, 61, 3}, Shape{64, 48, 4}}) {
    const Image source = input.channels == 4
                             ? images::make_synthetic_rgba(input.width, input.height)
                             : images::make_synthetic(input.width, input.height);
    for (const OperationDef& def : operations()) {
      for (const OperationCase& c : def.cases(input)) {
        SCOPED_TRACE(c.text);
        EXPECT_EQ(&definition_of(c.operation), &def);
        EXPECT_EQ(to_string(resolve(parse_step(c.text), input)), to_string(c.operation));
        EXPECT_EQ(to_string(resolve(parse_step(to_string(c.operation)), input)),
                  to_string(c.operation));
        EXPECT_FALSE(def.tolerance(c.operation).min_psnr < 30) << "a tolerance that passes noise";
        if (const auto transform = as_transform(c.operation)) {
          const Image output = reference::apply(source, *transform);
          EXPECT_EQ(to_string(output.shape()), to_string(output_shape(c.operation, input)));
        }
      }
    }
  }
}

TEST(Declarations, DefaultsAreValidValues) {
  for (const OperationDef& def : operations()) {
    for (const ParamDef& param : def.params) {
      if (param.fallback.empty()) continue;
      EXPECT_NO_THROW(parse_step(def.name + ":" + param.name + "=" + param.fallback))
          << def.name << " " << param.name;
    }
  }
}

}  // namespace
}  // namespace imgbench
