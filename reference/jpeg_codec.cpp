// Canonical JPEG through the libjpeg API (libjpeg-turbo's libjpeg62 interface).
#include <cstdio>  // jpeglib.h needs FILE and size_t declared first
#include <cstdlib>
#include <memory>

#include <jpeglib.h>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_errors.hpp"

namespace imgbench::reference {

using jpeg_errors::ErrorManager;
using jpeg_errors::install;

Image decode_jpeg(std::span<const std::uint8_t> bytes, const std::string& what) {
  jpeg_decompress_struct info{};
  ErrorManager errors;
  install(errors, info.err);
  auto fail = [&](const std::string& message) {
    jpeg_destroy_decompress(&info);
    throw Error(what + ": " + message);
  };
  // Two setjmp regions, so that no C++ object is modified between a setjmp and its longjmp.
  if (setjmp(errors.jump) != 0) fail(std::string("corrupt or truncated JPEG: ") + errors.message);
  jpeg_create_decompress(&info);
  jpeg_mem_src(&info, bytes.data(), static_cast<unsigned long>(bytes.size()));
  jpeg_read_header(&info, TRUE);
  if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
    fail("CMYK JPEG is not supported");
  }
  const bool gray = info.num_components == 1;
  try {
    check_image_size(info.image_width, info.image_height, what);
  } catch (const Error&) {
    jpeg_destroy_decompress(&info);
    throw;
  }
  Image image(static_cast<int>(info.image_width), static_cast<int>(info.image_height),
              gray ? 1 : 3);
  if (setjmp(errors.jump) != 0) fail(std::string("corrupt or truncated JPEG: ") + errors.message);
  info.out_color_space = gray ? JCS_GRAYSCALE : JCS_RGB;
  info.dct_method = JDCT_ISLOW;     // accurate integer IDCT
  info.do_fancy_upsampling = TRUE;  // triangle ("fancy") chroma upsampling
  jpeg_start_decompress(&info);
  while (info.output_scanline < info.output_height) {
    JSAMPROW row = image.row(static_cast<int>(info.output_scanline));
    jpeg_read_scanlines(&info, &row, 1);
  }
  jpeg_finish_decompress(&info);
  jpeg_destroy_decompress(&info);
  return image;
}

Bytes encode_jpeg(const Image& image, int quality, Subsampling subsampling) {
  if (image.channels() == 4) throw Error("JPEG cannot store an alpha channel (RGBA input)");
  jpeg_compress_struct info{};
  ErrorManager errors;
  install(errors, info.err);
  unsigned char* buffer = nullptr;
  unsigned long size = 0;
  std::string failure;
  if (setjmp(errors.jump) == 0) {
    jpeg_create_compress(&info);
    jpeg_mem_dest(&info, &buffer, &size);
    info.image_width = static_cast<JDIMENSION>(image.width());
    info.image_height = static_cast<JDIMENSION>(image.height());
    info.input_components = image.channels();
    info.in_color_space = image.channels() == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&info);
    jpeg_set_quality(&info, quality, TRUE);  // IJG tables scaled by the quality formula
    info.dct_method = JDCT_ISLOW;
    info.optimize_coding = FALSE;  // standard (Annex K) Huffman tables
    info.write_JFIF_header = TRUE;
    if (image.channels() == 3) {
      const int factor = subsampling == Subsampling::s420 ? 2 : 1;
      info.comp_info[0].h_samp_factor = factor;
      info.comp_info[0].v_samp_factor = factor;
      for (int c = 1; c < 3; ++c)
        info.comp_info[c].h_samp_factor = info.comp_info[c].v_samp_factor = 1;
    }
    jpeg_start_compress(&info, TRUE);
    while (info.next_scanline < info.image_height) {
      JSAMPROW row = const_cast<JSAMPROW>(image.row(static_cast<int>(info.next_scanline)));
      jpeg_write_scanlines(&info, &row, 1);
    }
    jpeg_finish_compress(&info);
  } else {
    failure = std::string("JPEG encode failed: ") + errors.message;
  }
  jpeg_destroy_compress(&info);
  // After a failed encode the library may already have freed `buffer` while growing it (it only
  // reports the new one at the end), so it is freed on success only.
  if (!failure.empty()) throw Error(failure);
  std::unique_ptr<unsigned char, decltype(&std::free)> owned(buffer, &std::free);
  return Bytes(buffer, buffer + size);
}

}  // namespace imgbench::reference
