// The project's own kernels, on our Image as the native type, with TurboJPEG as the codec. The
// SIMD level (kernels/simd_level.hpp) comes from the configuration or IMGBENCH_SIMD.
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>

#include "adapters/adapter.hpp"
#include "adapters/plain_image.hpp"
#include "injected_slowdown.hpp"
#include "jpeg_region.hpp"
#include "kernels/blur.hpp"
#include "kernels/crop.hpp"
#include "kernels/resize.hpp"
#include "kernels/rotate.hpp"
#include "kernels/simd_level.hpp"
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

class SimdAdapter final : public Adapter {
 public:
  explicit SimdAdapter(const AdapterConfig& config) { kernels::select_simd_level(config.simd); }

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

  Support supports(const Operation& op, const Shape& input) const override {
    if (const auto* decode = std::get_if<Decode>(&op)) {
      return decode->format == ImageFormat::jpeg ? Support::yes()
                                                 : Support::no("decodes JPEG only (TurboJPEG)");
    }
    if (std::holds_alternative<EncodeJpeg>(op)) return jpeg_encode_support(input);
    if (const auto* resize = std::get_if<Resize>(&op)) {
      if (upscales(*resize, input)) return Support::no("upscaling is not verified");
    }
    return Support::yes();
  }

  NativePtr decode(std::span<const std::uint8_t> bytes) const override {
    return wrap_plain(turbojpeg::decode(bytes));
  }

  Bytes encode_jpeg(const NativeImage& image, const EncodeJpeg& op) const override {
    return turbojpeg::encode(plain_image(image), op.quality);
  }

  NativePtr rotate90(const NativeImage& native) const override {
    const simd::InjectedSlowdown slowdown("rotate90");  // test-only switch, normally off
    const Image& in = plain_image(native);
    Image out = Image::uninitialized(in.height(), in.width(), in.channels());
    kernels::rotate90(in.data(), in.stride(), in.width(), in.height(), in.channels(), out.data(),
                      out.stride());
    return wrap_plain(std::move(out));
  }

  NativePtr resize(const NativeImage& native, const Resize& op) const override {
    const simd::InjectedSlowdown slowdown("resize");  // test-only switch, normally off
    const Image& in = plain_image(native);
    output_shape(op, in.shape());
    const auto plan = plans_.get(in.shape(), op);
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::resize(*plan, in.data(), in.stride(), in.channels(), out.data(), out.stride());
    return wrap_plain(std::move(out));
  }

  NativePtr blur(const NativeImage& native, const Blur& op) const override {
    const simd::InjectedSlowdown slowdown("blur");  // test-only switch, normally off
    const Image& in = plain_image(native);
    output_shape(op, in.shape());
    const kernels::BlurKernel kernel = kernels::make_blur_kernel(op.sigma);
    Image out = Image::uninitialized(in.width(), in.height(), in.channels());
    kernels::blur(kernel, in.data(), in.stride(), in.width(), in.height(), in.channels(),
                  out.data(), out.stride());
    return wrap_plain(std::move(out));
  }

  NativePtr crop(const NativeImage& native, const Crop& op) const override {
    const simd::InjectedSlowdown slowdown("crop");  // test-only switch, normally off
    const Image& in = plain_image(native);
    output_shape(op, in.shape());
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::crop(in.data(), in.stride(), op.x, op.y, op.width, op.height, in.channels(),
                  out.data(), out.stride());
    return wrap_plain(std::move(out));
  }

  // Only the iMCUs the crop covers, DCT-scaled by the largest power of two the resize allows.
  std::string crop_fast_path() const override { return "partial-decode"; }
  NativePtr decode_crop_resize(std::span<const std::uint8_t> jpeg, const Crop& crop,
                               const Resize& op) const override {
    output_shape(op, Shape{crop.width, crop.height, 1});
    const int reduction = jpeg_region::reduction_for(crop, op.width, op.height);
    const jpeg_region::ReducedCrop reduced = jpeg_region::decode(jpeg, crop, reduction);
    const Image& in = reduced.image;
    const auto plan =
        plans_.get(in.shape(), op, {{reduced.x, reduced.y, reduced.width, reduced.height}});
    Image out = Image::uninitialized(op.width, op.height, in.channels());
    kernels::resize(*plan, in.data(), in.stride(), in.channels(), out.data(), out.stride());
    return wrap_plain(std::move(out));
  }

  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }

 private:
  mutable ResizePlanCache plans_;
};

}  // namespace

std::unique_ptr<Adapter> make_simd_adapter(const AdapterConfig& config) {
  return std::make_unique<SimdAdapter>(config);
}

}  // namespace imgbench
