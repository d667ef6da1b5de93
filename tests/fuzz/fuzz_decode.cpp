// libFuzzer target: our decode path on arbitrary bytes. The header probe every adapter runs
// first, the canonical decoder, the TurboJPEG decode the turbojpeg and simd adapters use, and the
// simd adapter's partial decode of a crop must each either succeed or throw Error: no crash, no
// leak, no other exception. When the probe accepts a file, a decoder that succeeds must give the
// probed shape, and the two full JPEG decoders (both libjpeg-turbo with the same settings) the
// same pixels. The pixel limit is lowered so that large declared sizes are refused quickly.
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>

#include "core/error.hpp"
#include "core/limits.hpp"
#include "jpeg_region.hpp"
#include "reference/codec.hpp"
#include "reference/jpeg_header.hpp"
#include "turbojpeg_codec.hpp"

namespace {

using namespace imgbench;

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz_decode: %s\n", what.c_str());
  std::abort();
}

template <class F>
auto or_error(F&& call) -> std::optional<decltype(call())> {
  try {
    return call();
  } catch (const Error&) {
    return std::nullopt;
  }
}

void expect_shape(const std::optional<Shape>& probed, const Image& image, const char* decoder) {
  if (probed && image.shape() != *probed) {
    fail(std::string(decoder) + " gave " + to_string(image.shape()) + ", the probe said " +
         to_string(*probed));
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  set_max_pixels(4u << 20);  // 4 Mpx
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const auto probed = or_error([&] { return reference::probe_shape(bytes, "fuzz"); });
  const auto canonical = or_error([&] { return reference::decode_image(bytes, "fuzz"); });
  if (canonical) expect_shape(probed, *canonical, "the canonical decoder");
  or_error([&] { return reference::parse_jpeg_header(bytes); });
  if (reference::detect_format(bytes) != ImageFormat::jpeg) return 0;

  const auto turbo = or_error([&] { return turbojpeg::decode(bytes); });
  if (turbo) expect_shape(probed, *turbo, "TurboJPEG");
  if (turbo && canonical && probed && !turbo->same_pixels(*canonical)) {
    fail("TurboJPEG and the canonical decoder differ");
  }
  if (probed) {  // the partial decode of the middle half, at every reduction
    const Crop crop{probed->width / 4, probed->height / 4, std::max(1, probed->width / 2),
                    std::max(1, probed->height / 2)};
    for (const int reduction : {1, 2, 4, 8}) {
      or_error([&] { return jpeg_region::decode(bytes, crop, reduction).image.shape(); });
    }
  }
  return 0;
}
