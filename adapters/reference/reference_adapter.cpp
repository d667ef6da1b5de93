// The reference adapter: the canonical codecs and the exact double-precision kernels, every
// operation mapped to the kernel its declaration names (reference/ops/).
#include "adapters/adapter.hpp"
#include "adapters/plain_image.hpp"
#include "reference/codec.hpp"
#include "reference/operations.hpp"

namespace imgbench {
namespace {

class ReferenceAdapter final : public Adapter {
 public:
  ReferenceAdapter() {
    map_decode([](std::span<const std::uint8_t> bytes) {
      return wrap_plain(reference::decode_image(bytes, "input"));
    });
    map_save([](const NativeImage& image, const EncodeJpeg& op) {
      return reference::encode_jpeg(plain_image(image), op.quality);
    });
    for (const OperationDef& def : operations()) {
      if (!def.reference) continue;
      map_operation(def.index, [&def](const NativeImage& image, const Operation& op) {
        return wrap_plain(def.reference(plain_image(image), op));
      });
    }
  }

  std::string_view name() const override { return "reference"; }
  std::string version() const override { return "exact double precision"; }

  NativePtr import_image(const Image& image) const override { return wrap_plain(image); }
  Image export_image(const NativeImage& image) const override { return plain_image(image); }
};

}  // namespace

std::unique_ptr<Adapter> make_reference_adapter(const AdapterConfig&) {
  return std::make_unique<ReferenceAdapter>();
}

}  // namespace imgbench
