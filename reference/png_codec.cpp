// PNG through libpng's classic API, with no gamma or colour-space conversion: the samples in the
// file are the samples we return. Palette and low-bit-depth images are expanded, 16-bit samples
// are scaled to 8 bit with rounding, gray+alpha becomes RGBA.
#include <png.h>

#include <csetjmp>
#include <cstring>
#include <vector>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "reference/codec.hpp"

namespace imgbench::reference {
namespace {

struct ReadState {
  std::span<const std::uint8_t> bytes;
  std::size_t offset = 0;
  char message[256] = {};
};

void on_png_error(png_structp png, png_const_charp message) {
  auto* state = static_cast<ReadState*>(png_get_error_ptr(png));
  if (state) std::snprintf(state->message, sizeof state->message, "%s", message);
  png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* state = static_cast<ReadState*>(png_get_io_ptr(png));
  if (state->bytes.size() - state->offset < length) png_error(png, "unexpected end of data");
  std::memcpy(out, state->bytes.data() + state->offset, length);
  state->offset += length;
}

struct WriteState {
  Bytes bytes;
  char message[256] = {};
};

void write_to_memory(png_structp png, png_bytep data, png_size_t length) {
  auto* state = static_cast<WriteState*>(png_get_io_ptr(png));
  state->bytes.insert(state->bytes.end(), data, data + length);
}

void flush_nothing(png_structp) {}

// The libpng calls that may longjmp live in these functions, which hold no C++ objects, so
// nothing is left half-destroyed when libpng jumps out. They return false on error.
bool read_info(png_structp png, png_infop info, ReadState* state) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_set_read_fn(png, state, read_from_memory);
  png_set_user_limits(png, 0x7fffffff, 0x7fffffff);  // our own pixel limit applies instead
  png_read_info(png, info);
  return true;
}

bool set_transforms(png_structp png, png_infop info) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  const int color_type = png_get_color_type(png, info);
  const bool transparent_gray =
      color_type == PNG_COLOR_TYPE_GRAY && png_get_valid(png, info, PNG_INFO_tRNS);
  png_set_expand(png);    // palette -> RGB(A), gray < 8 bit -> 8 bit, tRNS -> alpha
  png_set_scale_16(png);  // 16 -> 8 bit, rounded
  if (color_type == PNG_COLOR_TYPE_GRAY_ALPHA || transparent_gray) png_set_gray_to_rgb(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  return true;
}

bool read_rows(png_structp png, png_bytepp rows) {
  if (setjmp(png_jmpbuf(png)) != 0) return false;
  png_read_image(png, rows);
  png_read_end(png, nullptr);
  return true;
}

}  // namespace

Image decode_png(std::span<const std::uint8_t> bytes, const std::string& what) {
  ReadState state{bytes};
  png_structp png =
      png_create_read_struct(PNG_LIBPNG_VER_STRING, &state, on_png_error, on_png_warning);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  struct Cleanup {
    png_structp& png;
    png_infop& info;
    ~Cleanup() { png_destroy_read_struct(&png, info ? &info : nullptr, nullptr); }
  } cleanup{png, info};
  if (!info) throw Error(what + ": out of memory");
  const std::string corrupt = what + ": corrupt or truncated PNG: ";
  if (!read_info(png, info, &state)) throw Error(corrupt + state.message);
  const auto width = png_get_image_width(png, info);
  const auto height = png_get_image_height(png, info);
  check_image_size(width, height, what);  // before libpng sizes any row buffer
  if (!set_transforms(png, info)) throw Error(corrupt + state.message);
  Image image(static_cast<int>(width), static_cast<int>(height), png_get_channels(png, info));
  std::vector<png_bytep> rows(height);
  for (png_uint_32 y = 0; y < height; ++y) rows[y] = image.row(static_cast<int>(y));
  if (!read_rows(png, rows.data())) throw Error(corrupt + state.message);
  return image;
}

Bytes encode_png(const Image& image) {
  WriteState state;
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &state, nullptr, nullptr);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    throw Error("PNG encode: out of memory");
  }
  std::vector<png_bytep> rows(static_cast<std::size_t>(image.height()));
  for (int y = 0; y < image.height(); ++y) rows[y] = const_cast<png_bytep>(image.row(y));
  if (setjmp(png_jmpbuf(png)) != 0) {
    png_destroy_write_struct(&png, &info);
    throw Error("PNG encode failed");
  }
  const int color_type = image.channels() == 1   ? PNG_COLOR_TYPE_GRAY
                         : image.channels() == 3 ? PNG_COLOR_TYPE_RGB
                                                 : PNG_COLOR_TYPE_RGB_ALPHA;
  png_set_write_fn(png, &state, write_to_memory, flush_nothing);
  png_set_compression_level(png, 3);  // test images are written once: favour speed
  png_set_IHDR(png, info, static_cast<png_uint_32>(image.width()),
               static_cast<png_uint_32>(image.height()), 8, color_type, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  png_set_rows(png, info, rows.data());
  png_write_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  png_destroy_write_struct(&png, &info);
  return std::move(state.bytes);
}

}  // namespace imgbench::reference
