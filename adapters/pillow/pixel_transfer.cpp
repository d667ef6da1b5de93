#include "pixel_transfer.hpp"

#include "pillow_imaging.h"

#include <cstring>
#include <string_view>

namespace imgbench::pillow {
namespace {

// Pillow stores RGB as 4 bytes per pixel (R, G, B, padding); L as 1; RGBA as 4.
ImgbenchImagingView view_of(const py::object& pil_image) {
  const py::object core = pil_image.attr("im");
  const py::capsule capsule = core.attr("ptr");
  void* imaging = PyCapsule_GetPointer(capsule.ptr(), "PIL Imaging");
  if (!imaging) throw py::error_already_set();
  ImgbenchImagingView view;
  if (imgbench_imaging_view(imaging, &view) != 0) throw Error("Pillow image has no pixel memory");
  return view;
}

// Our channel count for a Pillow image, after checking its memory layout is the one we copy.
int channels_of(const ImgbenchImagingView& view) {
  const std::string_view mode = view.mode;
  const int channels = mode == "L" ? 1 : mode == "RGB" ? 3 : mode == "RGBA" ? 4 : 0;
  if (channels == 0) {
    throw Error("Pillow image mode " + std::string(mode) + " has no 8-bit interleaved equivalent");
  }
  if (view.pixel_size != (channels == 1 ? 1 : 4)) {
    throw Error("Pillow image mode " + std::string(mode) + " has an unexpected memory layout");
  }
  return channels;
}

// The byte loops below vectorise only with a byte shuffle (SSSE3 pshufb, NEON vld4/vst3): on
// x86-64 the compiler builds SSSE3 and AVX2 clones, picked at load time for this CPU. Not under
// ThreadSanitizer: the clones' resolver runs while the loader relocates the program, before the
// sanitizer's runtime is up, and its instrumented code crashes there.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__SANITIZE_THREAD__)
#define IMGBENCH_BYTE_SHUFFLE_CLONES __attribute__((target_clones("avx2", "ssse3", "default")))
#else
#define IMGBENCH_BYTE_SHUFFLE_CLONES
#endif

IMGBENCH_BYTE_SHUFFLE_CLONES
void copy_rows_out(const ImgbenchImagingView& view, Image& out) {
  const int width = out.width();
  for (int y = 0; y < out.height(); ++y) {
    const std::uint8_t* source = view.rows[y];
    std::uint8_t* target = out.row(y);
    if (out.channels() != 3) {
      std::memcpy(target, source, out.row_bytes());
      continue;
    }
    for (int x = 0; x < width; ++x) {  // drop the padding byte (GCC vectorises this loop)
      target[3 * x + 0] = source[4 * x + 0];
      target[3 * x + 1] = source[4 * x + 1];
      target[3 * x + 2] = source[4 * x + 2];
    }
  }
}

IMGBENCH_BYTE_SHUFFLE_CLONES
void copy_rows_in(const Image& in, const ImgbenchImagingView& view) {
  const int width = in.width();
  for (int y = 0; y < in.height(); ++y) {
    const std::uint8_t* source = in.row(y);
    std::uint8_t* target = view.rows[y];
    if (in.channels() != 3) {
      std::memcpy(target, source, in.row_bytes());
      continue;
    }
    for (int x = 0; x < width; ++x) {  // Pillow keeps the padding byte at 255
      target[4 * x + 0] = source[3 * x + 0];
      target[4 * x + 1] = source[3 * x + 1];
      target[4 * x + 2] = source[3 * x + 2];
      target[4 * x + 3] = 255;
    }
  }
}

}  // namespace

Image to_image(const py::object& pil_image) {
  pil_image.attr("load")();  // a lazily opened image gets its pixels now
  const ImgbenchImagingView view = view_of(pil_image);
  Image out = Image::uninitialized(view.width, view.height, channels_of(view));
  {
    py::gil_scoped_release release;  // `pil_image` stays referenced: its memory cannot go away
    copy_rows_out(view, out);
  }
  return out;
}

py::object from_image(const Image& image) {
  static constexpr const char* kModes[] = {"", "L", "", "RGB", "RGBA"};
  py::object pil_image =
      helper().attr("new_image")(kModes[image.channels()], image.width(), image.height());
  const ImgbenchImagingView view = view_of(pil_image);
  channels_of(view);  // the layout check
  {
    py::gil_scoped_release release;
    copy_rows_in(image, view);
  }
  return pil_image;
}

}  // namespace imgbench::pillow
