// The canonical codecs: round trips, JPEG header fields, and refusal of broken input.
#include <gtest/gtest.h>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "images/catalog.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"
#include "tests/test_support.hpp"

namespace imgbench::reference {
namespace {

std::string error_of(const std::function<void()>& call) {
  try {
    call();
  } catch (const Error& error) {
    return error.what();
  }
  return "";
}

TEST(Codec, PngRoundTripsEveryChannelCount) {
  for (int channels : {1, 3, 4}) {
    Image image(37, 23, channels);
    for (int y = 0; y < 23; ++y) {
      for (std::size_t i = 0; i < image.row_bytes(); ++i)
        image.row(y)[i] = static_cast<std::uint8_t>(i * 7 + y);
    }
    const Bytes png = encode_png(image);
    EXPECT_EQ(detect_format(png), ImageFormat::png);
    EXPECT_TRUE(decode_png(png).same_pixels(image)) << channels;
  }
}

TEST(Codec, PpmRoundTrips) {
  const Image image = testing::small_rgb(31, 17);
  EXPECT_TRUE(decode_ppm(encode_ppm(image)).same_pixels(image));
  EXPECT_NE(error_of([] { decode_ppm(Bytes{'P', '6', '\n', '9'}); }), "");
}

TEST(Codec, CanonicalJpegHeader) {
  const Bytes jpeg = encode_jpeg(testing::small_rgb(), 85);
  const JpegHeader header = parse_jpeg_header(jpeg);
  EXPECT_EQ(header.frame_name(), "baseline");
  EXPECT_EQ(header.sampling_name(), "4:2:0");
  EXPECT_EQ(header.width, 203);
  // IJG tables scaled for quality 85 (scale 30%): luma 16 -> 5, chroma 17 -> 5, luma 11 -> 3.
  EXPECT_EQ(header.quant_tables.at(0)[0], 5);
  EXPECT_EQ(header.quant_tables.at(0)[1], 3);
  EXPECT_EQ(header.quant_tables.at(1)[0], 5);
  // Standard Annex K Huffman tables: 2 DC + 2 AC tables.
  EXPECT_EQ(header.huffman_tables.size(), 4u);
}

TEST(Codec, HeaderComparisonNamesTheDifference) {
  const Image image = testing::small_rgb();
  const JpegHeader canonical = parse_jpeg_header(encode_jpeg(image, 85));
  EXPECT_EQ(compare_jpeg_headers(canonical, parse_jpeg_header(encode_jpeg(image, 85))), "");
  EXPECT_NE(
      compare_jpeg_headers(canonical, parse_jpeg_header(encode_jpeg(image, 85, Subsampling::s444)))
          .find("subsampling 4:4:4"),
      std::string::npos);
  EXPECT_NE(compare_jpeg_headers(canonical, parse_jpeg_header(encode_jpeg(image, 90)))
                .find("quantisation"),
            std::string::npos);
}

TEST(Codec, GrayStaysGray) {
  Image gray(16, 16, 1);
  const Bytes jpeg = encode_jpeg(gray, 85);
  EXPECT_EQ(parse_jpeg_header(jpeg).sampling_name(), "gray");
  EXPECT_EQ(decode_jpeg(jpeg).channels(), 1);
}

TEST(Codec, ExifOrientationIsNotApplied) {
  const Bytes plain = encode_jpeg(testing::small_rgb(), 95);
  const Bytes tagged = images::add_exif_orientation(plain, 6);
  EXPECT_NE(plain, tagged);
  EXPECT_TRUE(decode_jpeg(tagged).same_pixels(decode_jpeg(plain)));
}

TEST(Codec, TruncatedAndCorruptInputAreErrors) {
  const Bytes jpeg = encode_jpeg(testing::small_rgb(), 95);
  for (std::size_t keep : {std::size_t{2}, std::size_t{300}, jpeg.size() / 2, jpeg.size() - 2}) {
    const Bytes cut(jpeg.begin(), jpeg.begin() + static_cast<long>(keep));
    EXPECT_NE(error_of([&] { decode_jpeg(cut, "cut.jpg"); }).find("cut.jpg"), std::string::npos)
        << keep;
  }
  const Bytes png = encode_png(testing::small_rgb());
  const Bytes cut_png(png.begin(), png.begin() + static_cast<long>(png.size() / 2));
  EXPECT_NE(error_of([&] { decode_png(cut_png, "cut.png"); }).find("truncated"), std::string::npos);
  EXPECT_NE(error_of([] {
              decode_image(Bytes{1, 2, 3, 4}, "x.jpg");
            }).find("not a JPEG, PNG or PPM"),
            std::string::npos);
  EXPECT_NE(error_of([] { decode_image(Bytes{}, "x.jpg"); }).find("empty"), std::string::npos);
}

TEST(Codec, PixelLimitIsCheckedBeforeDecoding) {
  const Bytes jpeg = encode_jpeg(testing::small_rgb(), 95);
  const Bytes png = encode_png(Image(40, 40, 1));  // made before the limit is lowered
  const auto saved = max_pixels();
  set_max_pixels(1000);
  const std::string message = error_of([&] { decode_jpeg(jpeg, "big.jpg"); });
  const std::string png_message = error_of([&] { decode_png(png, "big.png"); });
  set_max_pixels(saved);
  EXPECT_NE(message.find("big.jpg"), std::string::npos) << message;
  EXPECT_NE(message.find("pixel limit"), std::string::npos) << message;
  EXPECT_NE(png_message.find("big.png"), std::string::npos) << png_message;
  EXPECT_NE(png_message.find("pixel limit"), std::string::npos) << png_message;
}

TEST(Codec, AlphaCannotBeSavedAsJpeg) {
  EXPECT_NE(error_of([] { encode_jpeg(Image(4, 4, 4), 85); }).find("alpha"), std::string::npos);
}

}  // namespace
}  // namespace imgbench::reference
