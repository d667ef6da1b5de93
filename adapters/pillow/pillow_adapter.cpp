// Pillow through the embedded CPython. The native image is a PIL image (a Python object); every
// call takes the GIL only while in Python, so worker threads can share the interpreter, and Pillow
// itself releases the GIL inside its C code.
#include <algorithm>
#include <cmath>
#include <utility>

#include "adapters/adapter.hpp"
#include "adapters/shrink_on_load.hpp"
#include "pixel_transfer.hpp"
#include "python_runtime.hpp"
#include "reference/codec.hpp"

namespace imgbench {
namespace {

using pillow::helper;
namespace py = pybind11;
using pillow::python_call;

// The size Image.thumbnail() makes for the box `width` x `height` (Pillow 9.4, PIL/Image.py,
// preserve_aspect_ratio): it keeps the source's aspect ratio, the side that does not bind rounded
// to whichever of floor and ceil keeps the ratio closer (floor on a tie). Where that is not the
// box, the call computes another image than the sequence asks for.
std::pair<int, int> thumbnail_size(const Shape& source, int width, int height) {
  const double aspect = static_cast<double>(source.width) / source.height;
  const auto closer = [](double number, auto distance) {
    const double low = std::floor(number), high = std::ceil(number);
    return std::max(static_cast<int>(distance(low) <= distance(high) ? low : high), 1);
  };
  if (static_cast<double>(width) / height >= aspect) {
    width = closer(height * aspect, [&](double n) { return std::abs(aspect - n / height); });
  } else {
    height = closer(width / aspect,
                    [&](double n) { return n == 0 ? 0.0 : std::abs(aspect - width / n); });
  }
  return {width, height};
}

struct PillowNative final : NativeImage {
  PillowNative(py::object image, Shape s) : object(std::move(image)), size(s) {}
  ~PillowNative() override {
    py::gil_scoped_acquire gil;  // dropping the last reference runs Python code
    object = py::object();
  }
  Shape shape() const override { return size; }
  py::object object;
  Shape size;
};

// GIL held.
NativePtr wrap(py::object image) {
  const auto size = image.attr("size").cast<std::pair<int, int>>();
  const int channels = helper().attr("CHANNELS")[image.attr("mode")].cast<int>();
  return std::make_unique<PillowNative>(std::move(image), Shape{size.first, size.second, channels});
}

const py::object& unwrap(const NativeImage& native) {
  return native_cast<PillowNative>(native).object;
}

// Runs helper.<function>(image, args...) with the GIL, wrapping the result.
template <class... Args>
NativePtr call(const char* function, const NativeImage& image, Args&&... args) {
  py::gil_scoped_acquire gil;
  return python_call(function, [&] {
    return wrap(helper().attr(function)(unwrap(image), std::forward<Args>(args)...));
  });
}

class PillowAdapter final : public Adapter {
 public:
  explicit PillowAdapter(const AdapterConfig&) {
    helper();  // start the interpreter now, not inside the first timed call
    map_decode([](std::span<const std::uint8_t> bytes) { return load(bytes); }, decode_support);
    map_save(save);
    map<Rotate90>(
        [](const NativeImage& image, const Rotate90&) { return call("rotate90", image); });
    map<Resize>(
        [](const NativeImage& image, const Resize& op) {
          return call("resize", image, op.width, op.height, std::string(to_string(op.filter)));
        },
        [](const Resize& op, const Shape& input) {
          if (op.filter == Filter::area) {
            return Support::no("Pillow has no exact area filter (BOX samples pixel centres)");
          }
          if (input.channels == 4)
            return Support::no("Pillow premultiplies alpha when resizing RGBA");
          if (upscales(op, input)) return Support::no("upscaling is not verified");
          return Support::yes();
        });
    explain_unmapped<Blur>(
        "Pillow's GaussianBlur is three box passes, an approximation by design: it is the "
        "approximate contender pillow~gaussianblur-box");
    map<Grayscale>([](const NativeImage& image, const Grayscale&) {
      py::gil_scoped_acquire gil;  // convert("L"): ITU-R 601-2 luma, alpha dropped
      return python_call("grayscale", [&] { return wrap(unwrap(image).attr("convert")("L")); });
    });
    map<Crop>([](const NativeImage& image, const Crop& op) {
      return call("crop", image, op.x, op.y, op.width, op.height);
    });
  }

  std::string_view name() const override { return "pillow"; }
  // CPython and pybind11 hash objects by address, and addresses move with the binary's size: two
  // builds of one commit from two checkouts counted Pillow's crop step 1.3-2.6% apart.
  std::string uncountable_reason() const override {
    return "runs in an embedded Python whose tables are keyed by addresses, which move with the "
           "binary's size: two builds of one commit counted its steps up to 2.6% apart";
  }

  std::string version() const override {
    py::gil_scoped_acquire gil;
    return py::module_::import("PIL").attr("__version__").cast<std::string>() + " (Python " +
           py::module_::import("platform").attr("python_version")().cast<std::string>() + ")";
  }

  NativePtr import_image(const Image& image) const override {
    py::gil_scoped_acquire gil;
    return python_call("import", [&] { return wrap(pillow::from_image(image)); });
  }

  Image export_image(const NativeImage& image) const override {
    py::gil_scoped_acquire gil;
    return python_call("export", [&] { return pillow::to_image(unwrap(image)); });
  }

  std::vector<Variant> variants() const override {
    Variant rotate;
    rotate.name = "rotate-90";
    rotate.claims = "rotate90";
    rotate.call = "rotate(90): counter-clockwise, and without expand=True it crops to the old size";
    rotate.matches = [](const Operation& op) { return std::holds_alternative<Rotate90>(op); };
    rotate.transform = [](const NativeImage& image, const Transform&) {
      return call("rotate_counter_clockwise", image);
    };
    Variant blur;
    blur.name = "blur-half-radius";
    blur.library_default = true;
    blur.claims = "blur";
    blur.call = "GaussianBlur(radius = sigma / 2): radius read as twice the deviation";
    blur.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    blur.transform = [](const NativeImage& image, const Transform& t) {
      return call("blur_half_radius", image, std::get<Blur>(t).sigma);
    };
    Variant box;
    box.name = "gaussianblur-box";
    box.library_default = box.approximation = true;
    box.claims = "blur";
    box.call =
        "GaussianBlur(radius = sigma): three extended-box passes of the same variance, Pillow's "
        "only Gaussian, an approximation by design (its documentation says so), edges replicated "
        "in each pass";
    box.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    box.transform = [](const NativeImage& image, const Transform& t) {
      return call("blur", image, std::get<Blur>(t).sigma);
    };
    Variant gap;
    gap.name = "resize-reducing-gap";
    gap.library_default = true;
    gap.claims = "resize";
    gap.call = "resize(size, filter, reducing_gap=1.0): a box reduction first";
    gap.matches = [](const Operation& op) {
      const auto* resize = std::get_if<Resize>(&op);
      return resize && resize->filter != Filter::area;
    };
    gap.transform = [](const NativeImage& image, const Transform& t) {
      const Resize& op = std::get<Resize>(t);
      return call("resize_reducing_gap", image, op.width, op.height,
                  std::string(to_string(op.filter)));
    };
    return {rotate, blur, box, gap};
  }

  std::vector<Shortcut> shortcuts() const override {
    Shortcut thumbnail;
    thumbnail.name = "thumbnail";
    thumbnail.call =
        "Image.thumbnail(size, LANCZOS): draft() to twice the size (the DCT-scaled decode), then "
        "reducing_gap 2.0 (a box reduction before the filter)";
    thumbnail.matches = [](std::span<const Transform> steps, const Shape& source,
                           ImageFormat format) {
      const Resize* resize = shrink_on_load::thumbnail_request(steps, source, format);
      return resize && thumbnail_size(source, resize->width, resize->height) ==
                           std::pair{resize->width, resize->height};
    };
    thumbnail.run = [](std::span<const std::uint8_t> bytes, std::span<const Transform> steps) {
      const Resize& resize = std::get<Resize>(steps[0]);
      reference::probe_shape(bytes, "Pillow thumbnail");
      py::gil_scoped_acquire gil;
      return python_call("thumbnail", [&] {
        const py::bytes data(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return wrap(helper().attr("thumbnail")(data, resize.width, resize.height));
      });
    };
    return {shrink_on_load::shortcut(
                *this,
                "draft(mode, size) before load(), then the canonical steps: libjpeg's scaled IDCT "
                "keeps each block's lower frequencies, which is not the canonical filter",
                [](std::span<const std::uint8_t> bytes, const Shape&, int reduction) {
                  return load(bytes, reduction);
                }),
            thumbnail};
  }

 private:
  static NativePtr load(std::span<const std::uint8_t> bytes, int reduction = 1) {
    reference::probe_shape(bytes, "Pillow decode");  // format, CMYK, pixel limit: as everyone
    py::gil_scoped_acquire gil;
    return python_call("decode", [&] {
      const py::bytes data(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return wrap(helper().attr("decode")(data, reduction));
    });
  }

  // Python's exceptions become our Error while the GIL is held (python_call): they hold Python
  // objects.
  static Bytes save(const NativeImage& image, const EncodeJpeg& op) {
    py::gil_scoped_acquire gil;
    return python_call("encode", [&] {
      const auto data = helper().attr("encode")(unwrap(image), op.quality).cast<std::string>();
      return Bytes(data.begin(), data.end());
    });
  }
};

}  // namespace

std::unique_ptr<Adapter> make_pillow_adapter(const AdapterConfig& config) {
  return std::make_unique<PillowAdapter>(config);
}

}  // namespace imgbench
