// GraphicsMagick: Magick::Image, 16-bit quanta (Q16). Its own 8-bit export truncates (q / 257),
// which biases every filtered result by -0.5 LSB; export_image() reads 16-bit samples and rounds,
// outside any timed region.
#include <Magick++.h>

#include <cmath>
#include <cstring>
#include <mutex>
#ifdef IMGBENCH_GM_OPENMP
#include <omp.h>
#endif

#include "adapters/adapter.hpp"
#include "core/limits.hpp"
#include "reference/codec.hpp"

namespace imgbench {
namespace {

struct GmNative final : NativeImage {
  GmNative(Magick::Image i, int c) : image(std::move(i)), channels(c) {}
  Shape shape() const override {
    return {static_cast<int>(image.columns()), static_cast<int>(image.rows()), channels};
  }
  Magick::Image image;
  int channels;  // 1, 3 or 4: which samples the image carries for us
};

const GmNative& unwrap(const NativeImage& native) {
  return native_cast<GmNative>(native);
}

std::string pixel_map(int channels) {
  return channels == 1 ? "I" : channels == 3 ? "RGB" : "RGBA";
}

// GraphicsMagick applies its ThreadsResource limit with omp_set_num_threads, which sets it for
// the calling thread only: other threads ran with one OpenMP thread per core, so two application
// workers on 2 cores ran four threads and gained nothing. Every call sets it in its own thread.
void limit_threads(int threads) {
#ifdef IMGBENCH_GM_OPENMP
  thread_local int applied = 0;
  if (applied != threads) {
    omp_set_num_threads(threads);
    applied = threads;
  }
#else
  (void)threads;
#endif
}

template <class F>
auto guarded(const char* what, F&& call) {
  try {
    return call();
  } catch (const Magick::Exception& e) {  // errors and warnings alike (a warning may hide padding)
    throw Error(std::string("GraphicsMagick ") + what + ": " + e.what());
  }
}

// Applies `change` to a copy of the image (Magick::Image copies share pixels until written).
template <class F>
NativePtr changed(const NativeImage& native, F&& change) {
  const GmNative& in = unwrap(native);
  Magick::Image out = in.image;
  change(out);
  return std::make_unique<GmNative>(std::move(out), in.channels);
}

Magick::FilterTypes filter_for(Filter filter) {
  switch (filter) {
    case Filter::bilinear: return Magick::TriangleFilter;
    case Filter::bicubic: return Magick::CatromFilter;  // "Cubic" is a B-spline in GraphicsMagick
    case Filter::lanczos3: return Magick::LanczosFilter;
    case Filter::area: break;
  }
  throw Unsupported("area is scale(), not a resize filter");
}

// An exact output size: "!" ignores the aspect ratio, so w x h is what we get.
Magick::Geometry exact(int width, int height) {
  Magick::Geometry geometry(static_cast<unsigned>(width), static_cast<unsigned>(height));
  geometry.aspect(true);
  return geometry;
}

// Reads `blob`. A corrupt-image warning, which is how GraphicsMagick reports a
// truncated JPEG it has padded, is an error; other warnings (an ICC profile libpng dislikes, say)
// leave the pixels intact and are ignored.
void read_strictly(Magick::Image& image, const Magick::Blob& blob) {
  try {
    image.read(blob);
  } catch (const Magick::WarningCorruptImage& warning) {
    throw Error(std::string("GraphicsMagick decode: corrupt or truncated image: ") +
                warning.what());
  } catch (const Magick::Warning&) {
  }
}

class GmAdapter final : public Adapter {
 public:
  explicit GmAdapter(const AdapterConfig& config) : threads_(config.threads) {
    static std::once_flag once;
    std::call_once(once, [] { Magick::InitializeMagick(nullptr); });
    MagickLib::SetMagickResourceLimit(MagickLib::ThreadsResource, config.threads);  // OpenMP
    // GraphicsMagick's own pixel limit, beside the header check every decode makes first.
    MagickLib::SetMagickResourceLimit(MagickLib::PixelsResource,
                                      static_cast<MagickLib::magick_int64_t>(max_pixels()));
    map_decode([this](std::span<const std::uint8_t> bytes) { return load(bytes); }, decode_support);
    map_save([this](const NativeImage& image, const EncodeJpeg& op) { return save(image, op); });
    map<Rotate90>([this](const NativeImage& image, const Rotate90&) { return rotate90(image); });
    map<Resize>(
        [this](const NativeImage& image, const Resize& op) { return resize(image, op); },
        [](const Resize& op, const Shape& input) {
          if (input.channels == 4) {
            return Support::no("GraphicsMagick weights colour by alpha when resampling RGBA");
          }
          if (upscales(op, input)) return Support::no("upscaling is not verified");
          return Support::yes();
        });
    map<Blur>([this](const NativeImage& image, const Blur& op) { return blur(image, op); },
              [](const Blur& op, const Shape& input) {
                // GaussianBlurImage refuses an image smaller than its kernel rather than pad it.
                const int kernel = MagickLib::GetOptimalKernelWidth2D(0, op.sigma);
                if (input.width < kernel || input.height < kernel) {
                  return Support::no("image smaller than GraphicsMagick's " +
                                     std::to_string(kernel) + "-px kernel");
                }
                return Support::yes();
              });
    map<Crop>([this](const NativeImage& image, const Crop& op) { return crop(image, op); });
    map<Grayscale>([this](const NativeImage& native, const Grayscale&) {
      // GrayscaleType: Rec. 601 luma of the stored values, in Q16, alpha dropped.
      limit_threads(threads_);
      Magick::Image out = unwrap(native).image;
      out.matte(false);
      out.type(Magick::GrayscaleType);
      return std::make_unique<GmNative>(std::move(out), 1);
    });
  }

  std::string_view name() const override { return "gm"; }
  std::string version() const override {
    unsigned long number = 0;
    return MagickLib::GetMagickVersion(&number);
  }

  NativePtr import_image(const Image& source) const override {
    return guarded("import", [&] {
      std::vector<std::uint8_t> packed(source.row_bytes() * source.height());
      for (int y = 0; y < source.height(); ++y) {
        std::memcpy(packed.data() + y * source.row_bytes(), source.row(y), source.row_bytes());
      }
      Magick::Image image(static_cast<unsigned>(source.width()),
                          static_cast<unsigned>(source.height()), pixel_map(source.channels()),
                          Magick::CharPixel, packed.data());
      if (source.channels() == 1) image.type(Magick::GrayscaleType);
      return std::make_unique<GmNative>(std::move(image), source.channels());
    });
  }

  Image export_image(const NativeImage& native) const override {
    return guarded("export", [&] {
      const GmNative& in = unwrap(native);
      const Shape shape = in.shape();
      std::vector<std::uint16_t> quanta(static_cast<std::size_t>(shape.width) * shape.height *
                                        shape.channels);
      Magick::Image image = in.image;  // a handle on the same pixels: write() is not const
      image.write(0, 0, static_cast<unsigned>(shape.width), static_cast<unsigned>(shape.height),
                  pixel_map(shape.channels), Magick::ShortPixel, quanta.data());
      Image result(shape.width, shape.height, shape.channels);
      std::size_t i = 0;
      for (int y = 0; y < shape.height; ++y) {
        std::uint8_t* row = result.row(y);
        // Round q / 257 to nearest: (2q + 257) / 514 == floor(q / 257 + 1/2).
        for (std::size_t x = 0; x < result.row_bytes(); ++x, ++i) {
          row[x] = static_cast<std::uint8_t>((2u * quanta[i] + 257u) / 514u);
        }
      }
      return result;
    });
  }

  std::vector<Variant> variants() const override {
    Variant cubic;
    cubic.name = "resize-cubic-filter";
    cubic.library_default = true;
    cubic.claims = "resize filter=bicubic";
    cubic.call =
        "resize(geometry, CubicFilter): GraphicsMagick's Cubic is a B-spline, not Catmull-Rom";
    cubic.matches = [](const Operation& op) {
      const auto* resize = std::get_if<Resize>(&op);
      return resize && resize->filter == Filter::bicubic;
    };
    cubic.transform = [](const NativeImage& image, const Transform& t) {
      const Resize& op = std::get<Resize>(t);
      return changed(image, [&](Magick::Image& i) {
        i.resize(exact(op.width, op.height), Magick::CubicFilter, 1.0);
      });
    };
    Variant radius;
    radius.name = "blur-sigma-as-radius";
    radius.library_default = true;
    radius.claims = "blur";
    radius.call =
        "blur(radius = sigma): the default sigma 1 is used, and the kernel cut at the radius";
    radius.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    radius.transform = [](const NativeImage& image, const Transform& t) {
      return changed(image, [&](Magick::Image& i) { i.blur(std::get<Blur>(t).sigma); });
    };
    // Mirror, GraphicsMagick's other edge rule, is no known-wrong variant: a symmetric mirror
    // differs from replicate less than Pillow's canonical blur does at the edges (SEMANTICS.md).
    return {
        cubic, radius,
        blur_with_virtual_pixels("gaussianblur-virtual-tile", MagickLib::TileVirtualPixelMethod,
                                 "tiled (the opposite edge)"),
        blur_with_virtual_pixels("gaussianblur-virtual-constant",
                                 MagickLib::ConstantVirtualPixelMethod, "the background colour")};
  }

 private:
  NativePtr load(std::span<const std::uint8_t> bytes) const {
    // The channel count comes from the file's header, as for every decoder: Image::type() would
    // scan the pixels (a grey photo stored as colour would come out as one channel).
    const Shape shape = reference::probe_shape(bytes, "GraphicsMagick decode");
    limit_threads(threads_);
    Magick::Image image;
    read_strictly(image, Magick::Blob(bytes.data(), bytes.size()));
    return std::make_unique<GmNative>(std::move(image), shape.channels);
  }

  Bytes save(const NativeImage& native, const EncodeJpeg& op) const {
    // Through the C API: Magick++ has no way to set the sampling factors, and GraphicsMagick
    // switches to 4:4:4 from quality 90 unless they are set.
    limit_threads(threads_);
    Magick::Image image = unwrap(native).image;
    image.magick("JPEG");  // ImageToBlob writes the image's own format
    std::unique_ptr<MagickLib::ImageInfo, decltype(&MagickLib::DestroyImageInfo)> info(
        MagickLib::CloneImageInfo(nullptr), &MagickLib::DestroyImageInfo);
    MagickLib::ExceptionInfo exception;
    MagickLib::GetExceptionInfo(&exception);
    std::strcpy(info->magick, "JPEG");
    info->quality = static_cast<unsigned long>(op.quality);
    info->interlace = MagickLib::NoInterlace;
    MagickLib::CloneString(&info->sampling_factor, "2x2,1x1,1x1");
    // GraphicsMagick optimises Huffman tables by default; the canonical save does not.
    MagickLib::AddDefinitions(info.get(), "jpeg:optimize-coding=false", &exception);
    std::size_t length = 0;
    void* data = MagickLib::ImageToBlob(info.get(), image.image(), &length, &exception);
    const std::string failure =
        exception.severity >= MagickLib::ErrorException && exception.reason ? exception.reason : "";
    MagickLib::DestroyExceptionInfo(&exception);
    if (!data || !failure.empty()) {
      MagickLib::MagickFree(data);
      throw Error("GraphicsMagick encode failed" + (failure.empty() ? "" : ": " + failure));
    }
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    Bytes result(bytes, bytes + length);
    MagickLib::MagickFree(data);
    return result;
  }

  NativePtr rotate90(const NativeImage& image) const {
    // Clockwise, whatever the Magick++ header comment says.
    limit_threads(threads_);
    return changed(image, [](Magick::Image& i) { i.rotate(90); });
  }

  NativePtr resize(const NativeImage& image, const Resize& op) const {
    limit_threads(threads_);
    if (op.filter == Filter::area) {
      // scale() averages exact pixel coverage: the canonical area filter.
      return changed(image, [&](Magick::Image& i) { i.scale(exact(op.width, op.height)); });
    }
    return changed(image, [&](Magick::Image& i) {
      i.resize(exact(op.width, op.height), filter_for(op.filter), 1.0);
    });
  }

  NativePtr blur(const NativeImage& image, const Blur& op) const {
    // Radius 0: GraphicsMagick sizes the kernel from sigma. gaussianBlur replicates edges.
    limit_threads(threads_);
    return changed(image, [&](Magick::Image& i) { i.gaussianBlur(0, op.sigma); });
  }

  NativePtr crop(const NativeImage& image, const Crop& op) const {
    limit_threads(threads_);
    return changed(image, [&](Magick::Image& i) {
      i.crop(Magick::Geometry(static_cast<unsigned>(op.width), static_cast<unsigned>(op.height),
                              op.x, op.y));
      i.page(Magick::Geometry(0, 0, 0, 0));  // forget the offset into the old canvas
    });
  }

  // The canonical blur with another of GraphicsMagick's edge rules ("virtual pixels": what its
  // convolution reads outside the image; the default, Edge, replicates).
  static Variant blur_with_virtual_pixels(std::string name, MagickLib::VirtualPixelMethod method,
                                          const std::string& outside) {
    Variant variant;
    variant.name = std::move(name);
    variant.claims = "blur sigma<=2";
    variant.call =
        "gaussianBlur(0, sigma) with SetImageVirtualPixelMethod: pixels outside are " + outside;
    // Claimed for small sigmas only: gaussianBlur is a 2-D convolution, 4x the work at sigma 4 as
    // at 2 (3 more minutes over the test images), and what is read beyond the edge does not depend
    // on sigma.
    variant.matches = [](const Operation& op) {
      const auto* blur = std::get_if<Blur>(&op);
      return blur && blur->sigma <= 2;
    };
    variant.transform = [method](const NativeImage& image, const Transform& t) {
      return changed(image, [&](Magick::Image& i) {
        // The method lives in the pixel cache, which every copy shares with the input: put it
        // back, or every later blur of the same input would use it. The input keeps `raw` alive.
        const MagickLib::Image* raw = i.constImage();
        const MagickLib::VirtualPixelMethod before = MagickLib::GetImageVirtualPixelMethod(raw);
        MagickLib::SetImageVirtualPixelMethod(raw, method);
        try {
          i.gaussianBlur(0, std::get<Blur>(t).sigma);
        } catch (...) {
          MagickLib::SetImageVirtualPixelMethod(raw, before);
          throw;
        }
        MagickLib::SetImageVirtualPixelMethod(raw, before);
      });
    };
    return variant;
  }

  int threads_ = 1;
};

}  // namespace

std::unique_ptr<Adapter> make_gm_adapter(const AdapterConfig& config) {
  return std::make_unique<GmAdapter>(config);
}

}  // namespace imgbench
