// save: pixels to a canonical JPEG (SEMANTICS.md, "encode"): baseline, 4:2:0 (gray stays gray),
// accurate DCT, standard Huffman tables. Verified on the decoded file and its header fields.
#include "reference/ops/declare.hpp"

namespace imgbench::ops {

OperationDef declare_save() {
  return declare<EncodeJpeg>({
      .name = "save",
      .summary = "a baseline 4:2:0 JPEG with standard tables (gray stays gray; no alpha)",
      .role = Role::save,
      .params = {{.name = "quality",
                  .type = ParamDef::Type::integer,
                  .min = 1,
                  .max = 100,
                  .fallback = "85",
                  .help = "the IJG quality"}},
      .make = [](const ParamValues& p, const Shape&) { return EncodeJpeg{p.integer("quality")}; },
      .text = [](const EncodeJpeg& e) { return "save:quality=" + std::to_string(e.quality); },
      .shape =
          [](const EncodeJpeg&, const Shape& input) {
            if (input.channels == 4) throw Error("save: JPEG cannot store alpha");
            return input;
          },
      // Bit-exact files when mapped correctly: the same libjpeg-turbo, tables and flags.
      .tolerance = [](const EncodeJpeg&) { return reference::Tolerance{}; },
      .cases =
          [](const Shape& input) {
            // 85 is the full cycle's; 95 is where some libraries quietly switch to 4:4:4.
            std::vector<OperationCase> cases;
            if (input.channels == 4) return cases;
            for (const char* text : {"save:quality=85", "save:quality=95"}) {
              cases.push_back(case_of(text, input));
            }
            return cases;
          },
  });
}

}  // namespace imgbench::ops
