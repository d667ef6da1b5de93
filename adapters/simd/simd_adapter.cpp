// The project's own kernels, on our Image as the native type, with TurboJPEG as the codec. The
// SIMD level (kernels/simd_level.hpp) comes from the configuration or IMGBENCH_SIMD.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

#include "adapters/adapter.hpp"
#include "adapters/plain_image.hpp"
#include "adapters/shrink_on_load.hpp"
#include "injected_slowdown.hpp"
#include "jpeg_region.hpp"
#include "kernels/blur.hpp"
#include "kernels/crop.hpp"
#include "kernels/grayscale.hpp"
#include "kernels/resize.hpp"
#include "kernels/rotate.hpp"
#include "kernels/simd_level.hpp"
#include "reference/kernels.hpp"
#include "reference/operations.hpp"
#include "turbojpeg_codec.hpp"

namespace imgbench {
namespace {

// Resize coefficients depend only on the sizes, the filter and the part resized: built once, then
// reused by every call (and every thread) that resizes the same way.
class ResizePlanCache {
 public:
  // `window`: the part of the input resized (kernels::SourceWindow); all of it by default.
  std::shared_ptr<const kernels::ResizePlan> get(const Shape& input, const Resize& op,
                                                 std::optional<kernels::SourceWindow> window = {}) {
    if (!window) {
      window = kernels::SourceWindow{0, 0, static_cast<double>(input.width),
                                     static_cast<double>(input.height)};
    }
    const Key key{input.width, input.height, op.width,      op.height,     op.filter,
                  window->x,   window->y,    window->width, window->height};
    const std::lock_guard lock(mutex_);
    if (const auto found = plans_.find(key); found != plans_.end()) return found->second;
    if (plans_.size() >= kMaxPlans) plans_.clear();  // a run over many sizes: start over
    auto plan = std::make_shared<const kernels::ResizePlan>(kernels::make_resize_plan(
        input.width, input.height, op.width, op.height, op.filter, *window));
    plans_.emplace(key, plan);
    return plan;
  }

 private:
  using Key = std::tuple<int, int, int, int, Filter, double, double, double, double>;
  static constexpr std::size_t kMaxPlans = 64;
  std::mutex mutex_;
  std::map<Key, std::shared_ptr<const kernels::ResizePlan>> plans_;
};

// For each output sample of one axis, the share of its filter's whole weight that falls inside the
// input: 1 away from the edges, less where the kernel reaches past them.
std::vector<double> inside_share(int in, int out, Filter filter) {
  const double scale = static_cast<double>(in) / out;
  const double widen = std::max(scale, 1.0);
  const double support = reference::filter_support(filter) * widen;
  std::vector<double> share(static_cast<std::size_t>(out));
  for (int x = 0; x < out; ++x) {
    const double centre = (x + 0.5) * scale;
    double inside = 0, all = 0;
    for (int i = static_cast<int>(std::floor(centre - support));
         i < static_cast<int>(std::ceil(centre + support)); ++i) {
      const double weight = reference::filter_kernel(filter, (i + 0.5 - centre) / widen);
      all += weight;
      if (i >= 0 && i < in) inside += weight;
    }
    share[static_cast<std::size_t>(x)] = inside / all;
  }
  return share;
}

// Undoes the canonical renormalisation at the edges: the taps outside the input keep their weight
// and read zero, as a convolution over a zero-padded image does.
void pad_with_zeros(kernels::ResizeAxis& axis, Filter filter) {
  const std::vector<double> share = inside_share(axis.in, axis.out, filter);
  for (int i = 0; i < axis.out; ++i) {
    std::int16_t* weights = axis.weights.data() + static_cast<std::size_t>(i) * axis.taps;
    for (int t = 0; t < axis.taps; ++t) {
      weights[t] = static_cast<std::int16_t>(std::lround(weights[t] * share[i]));
    }
  }
}

class SimdAdapter final : public Adapter {
 public:
  explicit SimdAdapter(const AdapterConfig& config) {
    kernels::select_simd_level(config.simd);
    map_decode(
        [](std::span<const std::uint8_t> bytes) { return wrap_plain(turbojpeg::decode(bytes)); },
        jpeg_decode_support);
    map_save([](const NativeImage& image, const EncodeJpeg& op) {
      return turbojpeg::encode(plain_image(image), op.quality);
    });
    map<Rotate90>([](const NativeImage& image, const Rotate90&) { return rotate90(image); });
    map<Resize>([this](const NativeImage& image, const Resize& op) { return resize(image, op); },
                [](const Resize& op, const Shape& input) {
                  return upscales(op, input) ? Support::no("upscaling is not verified")
                                             : Support::yes();
                });
    map<Blur>(blur);
    map<Crop>(crop);
    map<Grayscale>([](const NativeImage& native, const Grayscale&) {
      const Image& in = plain_image(native);
      Image out = Image::uninitialized(in.width(), in.height(), 1);
      kernels::grayscale(in.data(), in.stride(), in.width(), in.height(), in.channels(), out.data(),
                         out.stride());
      return wrap_plain(std::move(out));
    });
  }

  std::string_view name() const override { return "simd"; }
  std::string version() const override {
    std::string available;
    for (const auto& level : kernels::simd_levels())
      available += (available.empty() ? "" : ", ") + level;
    return "kernels at " + kernels::simd_level() + " (this machine: " + available + ")";
  }

  std::vector<std::string> simd_levels() const override { return kernels::simd_levels(); }
  std::string simd_level() const override { return kernels::simd_level(); }
  void use_simd_level(const std::string& level) const override {
    kernels::select_simd_level(level);
  }

  std::vector<Shortcut> shortcuts() const override {
    Shortcut partial;
    partial.name = "partial-decode";
    partial.call =
        "decode only the iMCUs a crop covers, DCT-scaled by the largest power of two that leaves "
        "the resize a downscale of 2 or more, then resize: the scaled IDCT is not the canonical "
        "filter";
    partial.matches = [](std::span<const Transform> steps, const Shape&, ImageFormat format) {
      return format == ImageFormat::jpeg && steps.size() == 2 &&
             std::holds_alternative<Crop>(steps[0]) && std::holds_alternative<Resize>(steps[1]);
    };
    partial.run = [this](std::span<const std::uint8_t> jpeg, std::span<const Transform> steps) {
      return decode_crop_resize(jpeg, std::get<Crop>(steps[0]), std::get<Resize>(steps[1]));
    };
    return {partial,
            shrink_on_load::shortcut(
                *this,
                "libjpeg's scaled IDCT (scale_denom 2, 4 or 8), then our kernels, the resize "
                "first: the scaled IDCT keeps each block's lower frequencies, which is not the "
                "canonical filter",
                [](std::span<const std::uint8_t> jpeg, const Shape& source, int reduction) {
                  const Crop whole{0, 0, source.width, source.height};
                  return wrap_plain(jpeg_region::decode(jpeg, whole, reduction).image);
                })};
  }

  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }

  std::vector<Variant> variants() const override {
    Variant zero_pad;
    zero_pad.name = "resize-zero-padded";
    zero_pad.claims = "resize filter=bilinear|bicubic|lanczos3";
    zero_pad.call =
        "our resize with the taps outside the image reading zero instead of being dropped and the "
        "rest renormalised (a convolution over a zero-padded image)";
    // The area filter never reaches past an edge: its variant would be the canonical resize.
    zero_pad.matches = [](const Operation& op) {
      const auto* resize = std::get_if<Resize>(&op);
      return resize && resize->filter != Filter::area;
    };
    zero_pad.transform = [](const NativeImage& native, const Transform& t) {
      const Resize& op = std::get<Resize>(t);
      const Image& in = plain_image(native);
      kernels::ResizePlan plan =
          kernels::make_resize_plan(in.width(), in.height(), op.width, op.height, op.filter);
      pad_with_zeros(plan.columns, op.filter);
      pad_with_zeros(plan.rows, op.filter);
      Image out = Image::uninitialized(op.width, op.height, in.channels());
      kernels::resize(plan, in.data(), in.stride(), in.channels(), out.data(), out.stride());
      return wrap_plain(std::move(out));
    };
    Variant cut;
    cut.name = "blur-cut-2-sigma";
    cut.claims = "blur";
    cut.call =
        "our blur with its taps cut at 2 sigma and the tails beyond (a few percent of the weight) "
        "folded into the centre: a Gaussian truncated too early";
    cut.matches = [](const Operation& op) { return std::holds_alternative<Blur>(op); };
    cut.transform = [](const NativeImage& native, const Transform& t) {
      const double sigma = std::get<Blur>(t).sigma;
      return blur_with(plain_image(native),
                       kernels::make_blur_kernel(sigma, static_cast<int>(std::lround(2 * sigma))));
    };
    return {zero_pad, cut};
  }

 private:
  NativePtr decode_crop_resize(std::span<const std::uint8_t> jpeg, const Crop& crop,
                               const Resize& op) const {
    output_shape(Operation{op}, Shape{crop.width, crop.height, 1});
    const int reduction = jpeg_region::reduction_for(crop, op.width, op.height);
    const jpeg_region::ReducedCrop reduced = jpeg_region::decode(jpeg, crop, reduction);
    const Image& in = reduced.image;
    const auto plan =
        plans_.get(in.shape(), op, {{reduced.x, reduced.y, reduced.width, reduced.height}});
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::resize(*plan, in.data(), in.stride(), in.channels(), out.data(), out.stride());
    return wrap_plain(std::move(out));
  }

  static NativePtr rotate90(const NativeImage& native) {
    const Image& in = plain_image(native);
    Image out = Image::uninitialized(in.height(), in.width(), in.channels());
    kernels::rotate90(in.data(), in.stride(), in.width(), in.height(), in.channels(), out.data(),
                      out.stride());
    simd::inject_slowdown("rotate90", in.height(), [&](int rows) {  // test-only, normally off
      Image scratch = Image::uninitialized(rows, in.width(), in.channels());
      kernels::rotate90(in.data(), in.stride(), in.width(), rows, in.channels(), scratch.data(),
                        scratch.stride());
    });
    return wrap_plain(std::move(out));
  }

  NativePtr resize(const NativeImage& native, const Resize& op) const {
    const Image& in = plain_image(native);
    const auto plan = plans_.get(in.shape(), op);
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::resize(*plan, in.data(), in.stride(), in.channels(), out.data(), out.stride());
    simd::inject_slowdown("resize", op.height, [&](int rows) {  // test-only, normally off
      // The same resize again for `rows` output rows, from the input rows they read.
      const int input_rows = std::max(
          1, static_cast<int>(std::lround(static_cast<double>(rows) * in.height() / op.height)));
      const Resize part{op.width, rows, op.filter, op.nominal_factor};
      const auto part_plan = plans_.get(Shape{in.width(), input_rows, in.channels()}, part);
      Image scratch = Image::uninitialized(op.width, rows, in.channels());
      kernels::resize(*part_plan, in.data(), in.stride(), in.channels(), scratch.data(),
                      scratch.stride());
    });
    return wrap_plain(std::move(out));
  }

  static NativePtr blur(const NativeImage& native, const Blur& op) {
    return blur_with(plain_image(native), kernels::make_blur_kernel(op.sigma));
  }

  static NativePtr blur_with(const Image& in, const kernels::BlurKernel& kernel) {
    Image out = Image::uninitialized(in.width(), in.height(), in.channels());
    kernels::blur(kernel, in.data(), in.stride(), in.width(), in.height(), in.channels(),
                  out.data(), out.stride());
    simd::inject_slowdown("blur", in.height(), [&](int rows) {  // test-only, normally off
      Image scratch = Image::uninitialized(in.width(), rows, in.channels());
      kernels::blur(kernel, in.data(), in.stride(), in.width(), rows, in.channels(), scratch.data(),
                    scratch.stride());
    });
    return wrap_plain(std::move(out));
  }

  static NativePtr crop(const NativeImage& native, const Crop& op) {
    const Image& in = plain_image(native);
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::crop(in.data(), in.stride(), op.x, op.y, op.width, op.height, in.channels(),
                  out.data(), out.stride());
    simd::inject_slowdown("crop", op.height, [&](int rows) {  // test-only, normally off
      Image scratch = Image::uninitialized(op.width, rows, in.channels());
      kernels::crop(in.data(), in.stride(), op.x, op.y, op.width, rows, in.channels(),
                    scratch.data(), scratch.stride());
    });
    return wrap_plain(std::move(out));
  }

  mutable ResizePlanCache plans_;
};

}  // namespace

std::unique_ptr<Adapter> make_simd_adapter(const AdapterConfig& config) {
  return std::make_unique<SimdAdapter>(config);
}

}  // namespace imgbench
