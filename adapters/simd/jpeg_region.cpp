#include "jpeg_region.hpp"

#include <algorithm>
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <cstring>
#include <string>
#include <vector>

#include <jpeglib.h>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "reference/jpeg_errors.hpp"

namespace imgbench::jpeg_region {
namespace {

int ceil_div(int value, int divisor) {
  return (value + divisor - 1) / divisor;
}

}  // namespace

int reduction_for(const Crop& crop, int out_width, int out_height) {
  int reduction = 8;
  while (reduction > 1 &&
         (crop.width / reduction < 2 * out_width || crop.height / reduction < 2 * out_height)) {
    reduction /= 2;
  }
  return reduction;
}

ReducedCrop decode(std::span<const std::uint8_t> jpeg, const Crop& crop, int reduction) {
  if (reduction != 1 && reduction != 2 && reduction != 4 && reduction != 8)
    throw Error("partial decode: reduction must be 1, 2, 4 or 8");
  jpeg_decompress_struct info{};
  jpeg_errors::ErrorManager errors;
  jpeg_errors::install(errors, info.err);
  auto fail = [&](const std::string& message) {
    jpeg_destroy_decompress(&info);
    throw Error("partial decode: " + message);
  };
  // Two setjmp regions, so that no C++ object is made between a setjmp and its longjmp.
  if (setjmp(errors.jump) != 0) fail(std::string("corrupt or truncated JPEG: ") + errors.message);
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&info, TRUE);
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK)
    fail("CMYK JPEG is not supported");
  const bool gray = info.num_components == 1;
  info.out_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
  info.dct_method = JDCT_ISLOW;  // as the full decode: accurate IDCT, fancy upsampling
  info.do_fancy_upsampling = TRUE;
  info.scale_num = 1;
  info.scale_denom = static_cast<unsigned>(reduction);
  jpeg_calc_output_dimensions(&info);

  try {
    check_image_size(info.image_width, info.image_height, "partial decode");
  } catch (const Error&) {
    jpeg_destroy_decompress(&info);
    throw;
  }
  const int full_width = static_cast<int>(info.image_width);
  const int full_height = static_cast<int>(info.image_height);
  if (crop.x < 0 || crop.y < 0 || crop.width < 1 || crop.height < 1 ||
      crop.x + crop.width > full_width || crop.y + crop.height > full_height) {
    fail("the crop lies outside the " + std::to_string(full_width) + "x" +
         std::to_string(full_height) + " image");
  }
  // The box in the reduced image, rounded outward.
  const int reduced_width = static_cast<int>(info.output_width);
  const int x0 = crop.x / reduction, y0 = crop.y / reduction;
  const int x1 = std::min(ceil_div(crop.x + crop.width, reduction), reduced_width);
  const int y1 =
      std::min(ceil_div(crop.y + crop.height, reduction), static_cast<int>(info.output_height));
  ReducedCrop reduced{
      Image::uninitialized(x1 - x0, y1 - y0, gray ? 1 : 3),
      static_cast<double>(crop.x) / reduction - x0, static_cast<double>(crop.y) / reduction - y0,
      static_cast<double>(crop.width) / reduction, static_cast<double>(crop.height) / reduction};
  Image& out = reduced.image;
  // The columns asked of libjpeg reach one past the box on each side: it upsamples chroma at the
  // edges of the columns it decodes as at the image's edges, which must not be the box's. It
  // widens them to whole iMCUs, at most the reduced image's width.
  JDIMENSION first_column = static_cast<JDIMENSION>(std::max(0, x0 - 1));
  JDIMENSION columns = static_cast<JDIMENSION>(std::min(reduced_width, x1 + 1)) - first_column;
  // Whole rows (a reduced decode of the whole image) go straight into the image; a narrower box
  // through one row of the decoded columns. Made before the setjmp, as every C++ object.
  const bool whole_rows = x0 == 0 && x1 == reduced_width;
  std::vector<JSAMPROW> rows(whole_rows ? static_cast<std::size_t>(out.height()) : 0);
  for (std::size_t y = 0; y < rows.size(); ++y) rows[y] = out.row(static_cast<int>(y));
  std::vector<JSAMPLE> row(whole_rows ? 0
                                      : static_cast<std::size_t>(reduced_width) * out.channels());

  if (setjmp(errors.jump) != 0) fail(std::string("corrupt or truncated JPEG: ") + errors.message);
  jpeg_start_decompress(&info);
  jpeg_crop_scanline(&info, &first_column, &columns);
  if (y0 > 0) jpeg_skip_scanlines(&info, static_cast<JDIMENSION>(y0));
  const std::size_t skip_bytes = (static_cast<std::size_t>(x0) - first_column) * out.channels();
  if (whole_rows) {
    for (JDIMENSION y = 0; y < static_cast<JDIMENSION>(out.height());) {
      const JDIMENSION read =
          jpeg_read_scanlines(&info, rows.data() + y, static_cast<JDIMENSION>(out.height()) - y);
      if (read == 0) fail("the image ends early");
      y += read;
    }
  } else {
    JSAMPROW one[1] = {row.data()};
    for (int y = 0; y < out.height(); ++y) {
      jpeg_read_scanlines(&info, one, 1);
      std::memcpy(out.row(y), row.data() + skip_bytes, out.row_bytes());
    }
  }
  // The rows below the box are never decoded.
  jpeg_abort_decompress(&info);
  jpeg_destroy_decompress(&info);
  return reduced;
}

}  // namespace imgbench::jpeg_region
