// OpenCV: cv::Mat, channels in OpenCV's own BGR(A) order (the order is irrelevant to every pixel
// operation here; import/export swap it outside timed regions).
#include <cmath>
#include <cstdlib>
#include <mutex>
#include <opencv2/core.hpp>
#include <opencv2/core/utility.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "adapters/adapter.hpp"
#include "core/limits.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"

namespace imgbench {
namespace {

struct MatImage final : NativeImage {
  explicit MatImage(cv::Mat m) : mat(std::move(m)) {}
  Shape shape() const override { return {mat.cols, mat.rows, mat.channels()}; }
  cv::Mat mat;
};

NativePtr wrap(cv::Mat mat) {
  return std::make_unique<MatImage>(std::move(mat));
}
const cv::Mat& unwrap(const NativeImage& native) {
  return native_cast<MatImage>(native).mat;
}

class OpenCvAdapter final : public Adapter {
 public:
  explicit OpenCvAdapter(const AdapterConfig& config) {
    // Process-global in OpenCV: 1 means no internal threading.
    cv::setNumThreads(config.threads);
    // OpenCV's own pixel limit, beside the header check every decode makes first. OpenCV reads
    // it once, at its first decode: set it before that, and for the whole process.
    static std::once_flag once;
    std::call_once(once, [] {
      ::setenv("OPENCV_IO_MAX_IMAGE_PIXELS", std::to_string(max_pixels()).c_str(), 1);
    });
    map_decode(load, decode_support);
    map_save(save);
    map<Rotate90>([](const NativeImage& image, const Rotate90&) {
      cv::Mat out;
      cv::rotate(unwrap(image), out, cv::ROTATE_90_CLOCKWISE);
      return wrap(std::move(out));
    });
    map<Resize>(
        [](const NativeImage& image, const Resize& op) {
          cv::Mat out;
          cv::resize(unwrap(image), out, cv::Size(op.width, op.height), 0, 0, cv::INTER_AREA);
          return wrap(std::move(out));
        },
        [](const Resize& op, const Shape& input) {
          if (op.filter != Filter::area) {
            // INTER_LINEAR/CUBIC/LANCZOS4 never widen the kernel (they alias when downscaling),
            // INTER_CUBIC is a = -0.75 and LANCZOS4 is not lanczos3: none is the canonical filter.
            return Support::no("OpenCV has no antialiased " + std::string(to_string(op.filter)) +
                               " resize (INTER_* kernels are not widened)");
          }
          if (upscales(op, input))
            return Support::no("INTER_AREA is exact area only when downscaling");
          return Support::yes();
        });
    map<Blur>([](const NativeImage& image, const Blur& op) {
      cv::Mat out;
      // ksize (0,0): OpenCV sizes the kernel from sigma; edges replicated as canonical.
      cv::GaussianBlur(unwrap(image), out, cv::Size(0, 0), op.sigma, op.sigma,
                       cv::BORDER_REPLICATE);
      return wrap(std::move(out));
    });
    map<Grayscale>([](const NativeImage& image, const Grayscale&) {
      // The native order is BGR(A): BGR2GRAY weighs its first sample as blue.
      const cv::Mat& in = unwrap(image);
      cv::Mat out;
      cv::cvtColor(in, out, in.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
      return wrap(std::move(out));
    });
    map<Crop>([](const NativeImage& image, const Crop& op) {
      // A ROI is a view: clone() makes the copy the canonical crop promises.
      return wrap(unwrap(image)(cv::Rect(op.x, op.y, op.width, op.height)).clone());
    });
  }

  std::string_view name() const override { return "opencv"; }
  std::string version() const override { return cv::getVersionString(); }

  // cv::setUseOptimized(false) turns off OpenCV's dispatch to the code built for newer
  // instruction sets (SSE4.x, AVX2, AVX-512) and IPP; the baseline SIMD it was built with stays.
  std::vector<std::string> simd_levels() const override { return {"optimized", "unoptimized"}; }
  std::string simd_level() const override {
    return cv::useOptimized() ? "optimized" : "unoptimized";
  }
  void use_simd_level(const std::string& level) const override {
    if (level != "optimized" && level != "unoptimized") Adapter::use_simd_level(level);
    cv::setUseOptimized(level == "optimized");
  }

  NativePtr import_image(const Image& image) const override {
    const cv::Mat view(image.height(), image.width(), CV_8UC(image.channels()),
                       const_cast<std::uint8_t*>(image.data()), image.stride());
    cv::Mat mat;
    if (image.channels() == 3) {
      cv::cvtColor(view, mat, cv::COLOR_RGB2BGR);
    } else if (image.channels() == 4) {
      cv::cvtColor(view, mat, cv::COLOR_RGBA2BGRA);
    } else {
      mat = view.clone();
    }
    return wrap(std::move(mat));
  }

  Image export_image(const NativeImage& native) const override {
    const cv::Mat& mat = unwrap(native);
    Image image(mat.cols, mat.rows, mat.channels());
    cv::Mat view(image.height(), image.width(), CV_8UC(image.channels()), image.data(),
                 image.stride());
    if (mat.channels() == 3) {
      cv::cvtColor(mat, view, cv::COLOR_BGR2RGB);
    } else if (mat.channels() == 4) {
      cv::cvtColor(mat, view, cv::COLOR_BGRA2RGBA);
    } else {
      mat.copyTo(view);
    }
    return image;
  }

  std::vector<Variant> variants() const override {
    Variant blur_radius;
    blur_radius.name = "blur-ksize-from-radius";
    blur_radius.library_default = true;
    blur_radius.claims = "blur";
    blur_radius.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    blur_radius.call = "GaussianBlur(ksize=2*round(sigma)+1, sigma=0): sigma read as a radius";
    blur_radius.transform = [](const NativeImage& image, const Transform& t) {
      const int radius = static_cast<int>(std::lround(std::get<Blur>(t).sigma));
      cv::Mat out;
      cv::GaussianBlur(unwrap(image), out, cv::Size(2 * radius + 1, 2 * radius + 1), 0);
      return wrap(std::move(out));
    };
    Variant linear;
    linear.name = "resize-inter-linear";
    linear.library_default = true;
    linear.claims = "resize filter=bilinear";
    linear.matches = [](const Operation& op) {
      const auto* resize = std::get_if<Resize>(&op);
      return resize && resize->filter == Filter::bilinear;
    };
    linear.call = "resize(INTER_LINEAR) for a downscale: not antialiased";
    linear.transform = [](const NativeImage& image, const Transform& t) {
      const Resize& op = std::get<Resize>(t);
      cv::Mat out;
      cv::resize(unwrap(image), out, cv::Size(op.width, op.height), 0, 0, cv::INTER_LINEAR);
      return wrap(std::move(out));
    };
    Variant swapped;
    swapped.name = "gray-rgb-order";
    swapped.claims = "grayscale";
    swapped.call = "cvtColor(COLOR_RGB2GRAY) on OpenCV's BGR image: red and blue weights swapped";
    swapped.matches = [](const Operation& op) { return std::holds_alternative<Grayscale>(op); };
    swapped.transform = [](const NativeImage& image, const Transform&) {
      const cv::Mat& in = unwrap(image);
      cv::Mat out;
      cv::cvtColor(in, out, in.channels() == 4 ? cv::COLOR_RGBA2GRAY : cv::COLOR_RGB2GRAY);
      return wrap(std::move(out));
    };
    return {blur_radius, linear, swapped,
            blur_with_border("blur-border-reflect101", cv::BORDER_REFLECT_101,
                             "GaussianBlur(ksize (0,0), sigma): OpenCV's default edge rule, "
                             "BORDER_REFLECT_101 (mirrors without repeating the edge pixel)"),
            blur_with_border("blur-border-constant", cv::BORDER_CONSTANT,
                             "GaussianBlur(..., BORDER_CONSTANT): zero padding")};
  }

 private:
  static NativePtr load(std::span<const std::uint8_t> bytes) {
    // The checks every decoder makes first: format, CMYK, pixel limit (imdecode would decode a
    // CMYK JPEG to BGR, and check the size only after decoding).
    reference::probe_shape(bytes, "OpenCV decode");
    // imdecode pads a truncated JPEG with grey and only prints a warning: refuse it up front.
    if (reference::detect_format(bytes) == ImageFormat::jpeg &&
        !reference::jpeg_has_end_marker(bytes)) {
      throw Error("OpenCV decode: truncated JPEG (no end-of-image marker after the scan data)");
    }
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U,
                         const_cast<std::uint8_t*>(bytes.data()));
    // IMREAD_UNCHANGED keeps gray as 1 channel and alpha as 4, and never applies EXIF orientation.
    cv::Mat mat = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    if (mat.empty()) throw Error("OpenCV decode: not a decodable image (corrupt or unsupported)");
    if (mat.depth() == CV_16U) mat.convertTo(mat, CV_8U, 1.0 / 257.0);  // rounds
    return wrap(std::move(mat));
  }

  static Bytes save(const NativeImage& image, const EncodeJpeg& op) {
    // 4:2:0 is OpenCV 4.6's only sampling for colour; standard Huffman tables; baseline.
    const std::vector<int> params = {cv::IMWRITE_JPEG_QUALITY,     op.quality,
                                     cv::IMWRITE_JPEG_OPTIMIZE,    0,
                                     cv::IMWRITE_JPEG_PROGRESSIVE, 0};
    Bytes bytes;
    if (!cv::imencode(".jpg", unwrap(image), bytes, params)) throw Error("OpenCV encode failed");
    return bytes;
  }

  // The canonical blur with another edge rule: what is outside the image is all it changes.
  static Variant blur_with_border(std::string name, int border, std::string call) {
    Variant variant;
    variant.name = std::move(name);
    variant.claims = "blur";
    variant.call = std::move(call);
    variant.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    variant.transform = [border](const NativeImage& image, const Transform& t) {
      const double sigma = std::get<Blur>(t).sigma;
      cv::Mat out;
      cv::GaussianBlur(unwrap(image), out, cv::Size(0, 0), sigma, sigma, border);
      return wrap(std::move(out));
    };
    return variant;
  }
};

}  // namespace

std::unique_ptr<Adapter> make_opencv_adapter(const AdapterConfig& config) {
  return std::make_unique<OpenCvAdapter>(config);
}

}  // namespace imgbench
