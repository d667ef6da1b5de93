// decode: a JPEG or PNG file to pixels (SEMANTICS.md, "decode"). Every file of the verify matrix
// is decoded; the reference is the canonical codec (reference/codec.hpp), and so is PPM's.
#include "reference/ops/declare.hpp"

namespace imgbench::ops {

OperationDef declare_decode() {
  return declare<Decode>({
      .name = "decode",
      .summary = "a file to 8-bit pixels: gray, RGB or RGBA as stored, no EXIF rotation",
      .role = Role::decode,
      .params = {{.name = "format",
                  .type = ParamDef::Type::choice,
                  .choices = {"jpeg", "png", "ppm"},
                  .fallback = "jpeg",
                  .help = "the file's format"}},
      .make = [](const ParamValues& p,
                 const Shape&) { return Decode{parse_image_format(p.text("format"))}; },
      .text = [](const Decode& d) { return "decode:format=" + std::string(to_string(d.format)); },
      .shape = [](const Decode&, const Shape& input) { return input; },
      // Bit-exact: libjpeg-turbo's and libpng's output, which every library uses.
      .tolerance = [](const Decode&) { return reference::Tolerance{}; },
  });
}

}  // namespace imgbench::ops
