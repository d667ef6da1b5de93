// libvips: VImage. vips is lazy, so every operation ends with copy_memory(): the pixels are
// computed and held in memory, and a timed operation times the work, not graph building.
#include <vips/vips8>
// After vips8, which it needs: vips_vector_isenabled, whether ORC's compiled paths run.
#include <vips/vector.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

#include "adapters/adapter.hpp"
#include "adapters/shrink_on_load.hpp"
#include "core/limits.hpp"
#include "reference/codec.hpp"

namespace imgbench {
namespace {

using vips::VImage;
using vips::VOption;

struct VipsNative final : NativeImage {
  explicit VipsNative(VImage i) : image(std::move(i)) {}
  Shape shape() const override { return {image.width(), image.height(), image.bands()}; }
  VImage image;
};

// Every result is materialised: computed now, into memory.
NativePtr wrap(const VImage& image) {
  return std::make_unique<VipsNative>(image.copy_memory());
}
const VImage& unwrap(const NativeImage& native) {
  return native_cast<VipsNative>(native).image;
}

template <class F>
auto guarded(const char* what, F&& call) {
  try {
    return call();
  } catch (const vips::VError& e) {
    std::string message = e.what();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    for (char& c : message) c = c == '\n' ? ' ' : c;  // vips errors span lines: keep one
    throw Error(std::string("libvips ") + what + ": " + message);
  }
}

// Starts libvips once per process, with the operation cache off (a cache would turn repeated
// benchmark iterations into lookups).
void start_vips() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (VIPS_INIT("imgbench") != 0) throw Error("libvips: cannot start");
    vips_cache_set_max(0);
    // A failed read prints glib warnings ("error in tile 0 x 8") before the error itself is
    // reported through vips_error_buffer(): drop them, so that a bad file gives one line.
    // libvips 8.14 has no pixel limit of its own: every decode checks the header first.
    g_log_set_handler(
        "VIPS", G_LOG_LEVEL_WARNING, [](const gchar*, GLogLevelFlags, const gchar*, gpointer) {},
        nullptr);
  });
}

VipsKernel kernel_for(Filter filter) {
  switch (filter) {
    case Filter::bilinear: return VIPS_KERNEL_LINEAR;
    case Filter::bicubic: return VIPS_KERNEL_CUBIC;  // Catmull-Rom
    case Filter::lanczos3: return VIPS_KERNEL_LANCZOS3;
    case Filter::area: break;
  }
  throw Unsupported("vips has no exact area kernel");
}

// The canonical JPEG: Q, 4:2:0 forced, standard Huffman tables, baseline, no metadata.
Bytes save_jpeg(const VImage& image, int quality, bool canonical) {
  return guarded("encode", [&] {
    VOption* options = VImage::option()->set("Q", quality)->set("strip", true);
    if (canonical) {
      options->set("subsample_mode", VIPS_FOREIGN_SUBSAMPLE_ON)
          ->set("optimize_coding", false)
          ->set("interlace", false);
    }
    VipsBlob* blob = image.jpegsave_buffer(options);
    std::size_t size = 0;
    const auto* data = static_cast<const std::uint8_t*>(
        vips_area_get_data(VIPS_AREA(blob), &size, nullptr, nullptr, nullptr));
    Bytes bytes(data, data + size);
    vips_area_unref(VIPS_AREA(blob));
    return bytes;
  });
}

class VipsAdapter final : public Adapter {
 public:
  explicit VipsAdapter(const AdapterConfig& config) {
    start_vips();
    vips_concurrency_set(config.threads);  // process-wide
    map_decode([](std::span<const std::uint8_t> bytes) { return load(bytes); }, decode_support);
    map_save([](const NativeImage& image, const EncodeJpeg& op) {
      return save_jpeg(unwrap(image), op.quality, true);
    });
    map<Rotate90>([](const NativeImage& image, const Rotate90&) {
      return wrap(unwrap(image).rot(VIPS_ANGLE_D90));  // clockwise
    });
    map<Resize>(resize, [](const Resize& op, const Shape& input) {
      if (op.filter == Filter::area) {
        return Support::no("libvips has no exact area kernel (shrink is a box over whole pixels)");
      }
      if (upscales(op, input)) return Support::no("upscaling is not verified");
      return Support::yes();
    });
    map<Blur>(blur);
    map<Grayscale>([](const NativeImage& image, const Grayscale&) {
      // The weights on the stored values, plus one half, truncated by the cast: rounded half up,
      // once. colourspace(B_W) would weigh linear light instead (a variant).
      const VImage rgb = unwrap(image).extract_band(0, VImage::option()->set("n", 3));
      const VImage luma = rgb.recomb(VImage::new_matrixv(3, 1, 0.299, 0.587, 0.114));
      return wrap(luma.linear(1.0, 0.5)
                      .cast(VIPS_FORMAT_UCHAR)
                      .copy(VImage::option()->set("interpretation", VIPS_INTERPRETATION_B_W)));
    });
    map<Crop>([](const NativeImage& image, const Crop& op) {
      return wrap(unwrap(image).extract_area(op.x, op.y, op.width, op.height));
    });
  }

  std::string_view name() const override { return "vips"; }
  // Where its vector paths (ORC's run-time compiled code) are off, the figures are another
  // libvips's: the version says so (the aarch64 build's emulated runs turn them off).
  std::string version() const override {
    std::string version = vips_version_string();
    if (!vips_vector_isenabled()) {
      version += std::getenv("VIPS_NOVECTOR") ? " (vector paths off: VIPS_NOVECTOR)"
                                              : " (vector paths off)";
    }
    return version;
  }
  // Even at concurrency 1, a pipeline runs in a worker of vips' thread pool while this thread
  // waits, and its JPEG load and save in threads of their own.
  std::string uncountable_reason() const override {
    return "computes in a thread pool of its own even at one thread, which valgrind runs in an "
           "order set by the host's timing: its counts moved by up to 1.6% from run to run";
  }

  std::vector<Shortcut> shortcuts() const override {
    Shortcut thumbnail;
    thumbnail.name = "thumbnail";
    thumbnail.call =
        "thumbnail_buffer(width, height, size=force): shrink on load, then its own reduce with "
        "lanczos3 (no EXIF rotation, as every contender)";
    thumbnail.matches = [](std::span<const Transform> steps, const Shape& source,
                           ImageFormat format) {
      return shrink_on_load::thumbnail_request(steps, source, format) != nullptr;
    };
    thumbnail.run = [](std::span<const std::uint8_t> bytes, std::span<const Transform> steps) {
      const Resize& resize = std::get<Resize>(steps[0]);
      reference::probe_shape(bytes, "vips thumbnail");
      return guarded("thumbnail", [&] {
        // The blob refers to the bytes, which outlive it: no copy.
        VipsBlob* blob = vips_blob_new(nullptr, bytes.data(), bytes.size());
        try {
          NativePtr image =
              wrap(VImage::thumbnail_buffer(blob, resize.width,
                                            VImage::option()
                                                ->set("height", resize.height)
                                                ->set("size", VIPS_SIZE_FORCE)
                                                ->set("no_rotate", true)
                                                ->set("fail_on", VIPS_FAIL_ON_WARNING)));
          vips_area_unref(VIPS_AREA(blob));
          return image;
        } catch (...) {
          vips_area_unref(VIPS_AREA(blob));
          throw;
        }
      });
    };
    return {shrink_on_load::shortcut(
                *this,
                "jpegload(shrink=N), then the canonical steps: libjpeg's scaled IDCT keeps each "
                "block's lower frequencies, which is not the canonical filter",
                [](std::span<const std::uint8_t> bytes, const Shape&, int reduction) {
                  return load(bytes, reduction);
                }),
            thumbnail};
  }

  NativePtr import_image(const Image& image) const override {
    return guarded("import", [&] {
      const std::size_t size = image.row_bytes() * image.height();
      auto* data = static_cast<std::uint8_t*>(std::malloc(size));
      if (!data) throw Error("vips import: out of memory");
      for (int y = 0; y < image.height(); ++y)
        std::memcpy(data + y * image.row_bytes(), image.row(y), image.row_bytes());
      VImage native = VImage::new_from_memory_steal(data, size, image.width(), image.height(),
                                                    image.channels(), VIPS_FORMAT_UCHAR);
      const auto interpretation =
          image.channels() >= 3 ? VIPS_INTERPRETATION_sRGB : VIPS_INTERPRETATION_B_W;
      return wrap(native.copy(VImage::option()->set("interpretation", interpretation)));
    });
  }

  Image export_image(const NativeImage& native) const override {
    return guarded("export", [&] {
      const VImage& image = unwrap(native);
      std::size_t size = 0;
      void* data = image.write_to_memory(&size);
      std::unique_ptr<void, decltype(&g_free)> owned(data, &g_free);
      Image result(image.width(), image.height(), image.bands());
      for (int y = 0; y < result.height(); ++y) {
        std::memcpy(result.row(y), static_cast<const std::uint8_t*>(data) + y * result.row_bytes(),
                    result.row_bytes());
      }
      return result;
    });
  }

  std::vector<Variant> variants() const override {
    Variant nominal;
    nominal.name = "resize-nominal-scale";
    nominal.library_default = true;
    nominal.claims = "resize";
    nominal.call = "resize(1 / factor, kernel): one nominal scale for both axes";
    nominal.matches = [](const Operation& op) {
      const auto* resize = std::get_if<Resize>(&op);
      return resize && resize->filter != Filter::area && resize->nominal_factor > 0;
    };
    nominal.transform = [](const NativeImage& image, const Transform& t) {
      const Resize& op = std::get<Resize>(t);
      return guarded("resize", [&] {
        return wrap(unwrap(image).resize(1.0 / op.nominal_factor,
                                         VImage::option()->set("kernel", kernel_for(op.filter))));
      });
    };
    Variant default_blur;
    default_blur.name = "gaussblur-defaults";
    default_blur.library_default = true;
    default_blur.claims = "blur";
    default_blur.call = "gaussblur(sigma): min_ampl 0.2, integer mask";
    default_blur.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    default_blur.transform = [](const NativeImage& image, const Transform& t) {
      return guarded("blur",
                     [&] { return wrap(unwrap(image).gaussblur(std::get<Blur>(t).sigma)); });
    };
    Variant linear_light;
    linear_light.name = "colourspace-b-w";
    linear_light.library_default = true;
    linear_light.claims = "grayscale";
    linear_light.call = "colourspace(B_W): luminance of linear light, not of the stored values";
    linear_light.matches = [](const Operation& op) {
      return std::holds_alternative<Grayscale>(op);
    };
    linear_light.transform = [](const NativeImage& image, const Transform&) {
      return guarded("grayscale", [&] {
        return wrap(unwrap(image).colourspace(VIPS_INTERPRETATION_B_W).extract_band(0));
      });
    };
    return {nominal, default_blur, linear_light};
  }

 private:
  // `shrink` 2, 4 or 8: a JPEG decoded at that fraction of its size in the DCT (jpegload's shrink).
  static NativePtr load(std::span<const std::uint8_t> bytes, int shrink = 1) {
    // The checks every decoder makes first: format, CMYK (vips would hand back 4 CMYK bands),
    // pixel limit.
    reference::probe_shape(bytes, "vips decode");
    // fail_on=warning: a truncated or corrupt file is an error, not grey padding. No autorotate.
    VOption* options = VImage::option()->set("fail_on", VIPS_FAIL_ON_WARNING);
    if (shrink > 1) options->set("shrink", shrink);
    const VImage image = VImage::new_from_buffer(bytes.data(), bytes.size(), "", options);
    if (image.format() != VIPS_FORMAT_UCHAR)
      throw Error("vips decode: only 8-bit images are supported");
    return wrap(image);
  }

  static NativePtr resize(const NativeImage& image, const Resize& op) {
    const VImage& in = unwrap(image);
    // The exact per-axis scale out/in: a single nominal scale (0.4) centres a different grid.
    // gap 0: no box pre-shrink, whatever the factor (the pre-shrink is a different semantic).
    return wrap(in.resize(static_cast<double>(op.width) / in.width(),
                          VImage::option()
                              ->set("vscale", static_cast<double>(op.height) / in.height())
                              ->set("kernel", kernel_for(op.filter))
                              ->set("gap", 0.0)));
  }

  static NativePtr blur(const NativeImage& image, const Blur& op) {
    // The default mask (min_ampl 0.2, integer) is not a Gaussian; a float mask down to 0.001 is,
    // and its float result is rounded, not truncated, back to 8 bit.
    return wrap(
        unwrap(image)
            .gaussblur(
                op.sigma,
                VImage::option()->set("min_ampl", 0.001)->set("precision", VIPS_PRECISION_FLOAT))
            .round(VIPS_OPERATION_ROUND_RINT)
            .cast(VIPS_FORMAT_UCHAR));
  }
};

}  // namespace

std::unique_ptr<Adapter> make_vips_adapter(const AdapterConfig& config) {
  return std::make_unique<VipsAdapter>(config);
}

}  // namespace imgbench
