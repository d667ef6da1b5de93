// imgbench apply: one adapter, a sequence of operations, one output file written all-or-nothing.
#include <iostream>

#include "adapters/registry.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/input_files.hpp"
#include "reference/codec.hpp"
#include "reference/operations.hpp"

namespace imgbench::cli {
namespace {

// Notes about fallbacks, printed only once the output is written, so that a failed run prints
// exactly one line.
using Notes = std::vector<std::string>;

struct Plan {
  std::vector<Step> steps;
  int jpeg_quality = 85;
};

// Parses every step up front, so that a typo fails before any work is done.
Plan parse_plan(const std::vector<std::string>& specs, ImageFormat output_format) {
  Plan plan;
  for (std::size_t i = 0; i < specs.size(); ++i) {
    Step step = parse_step(specs[i]);
    if (step.operation->role == Role::decode) {
      throw Error("decode: the input is decoded first; not a step of --op");
    }
    if (step.operation->role == Role::save) {
      if (i + 1 != specs.size()) throw Error("save: must be the last --op");
      if (output_format != ImageFormat::jpeg)
        throw Error("save: quality applies to a JPEG output only");
      plan.jpeg_quality = step.params.integer("quality");
      continue;
    }
    plan.steps.push_back(step);
  }
  return plan;
}

Bytes encode(const Adapter& adapter, const NativeImage& image, ImageFormat format, int quality,
             Notes& notes) {
  if (format == ImageFormat::jpeg) {
    const EncodeJpeg op{quality};
    const Support support = adapter.supports(op, image.shape());
    if (support.supported) return adapter.encode_jpeg(image, op);
    if (image.shape().channels == 4) throw Error("JPEG output cannot store the alpha channel");
    notes.push_back(std::string(adapter.name()) + " cannot encode JPEG (" + support.reason +
                    "); encoded by the reference codec");
    return reference::encode_jpeg(adapter.export_image(image), quality);
  }
  const Image pixels = adapter.export_image(image);
  return format == ImageFormat::png ? reference::encode_png(pixels) : reference::encode_ppm(pixels);
}

}  // namespace

int run_apply(int argc, char** argv) {
  const Args args(argc, argv, command_spec("apply"));
  if (args.positionals().size() != 2) throw UsageError("apply: expected INPUT and OUTPUT paths");
  const std::string& input = args.positionals()[0];
  const std::string& output = args.positionals()[1];
  if (args.values("lib").empty()) throw UsageError("apply: --lib NAME is required");
  const ImageFormat output_format = reference::format_for_path(output);
  const Plan plan = parse_plan(args.values("op"), output_format);
  const auto adapter = make_adapter(args.value("lib", ""), adapter_config(args));

  std::string decode_note;
  NativePtr image = decode_input(*adapter, input, decode_note);
  Notes notes;
  if (!decode_note.empty()) notes.push_back(decode_note);
  for (const Step& step : plan.steps) {
    image = adapter->apply(*image, resolve_transform(step, image->shape()));
  }
  write_file_atomic(output, encode(*adapter, *image, output_format, plan.jpeg_quality, notes));
  for (const auto& note : notes) std::cerr << "imgbench: note: " << note << "\n";
  const Shape shape = image->shape();
  std::cout << output << ": " << shape.width << "x" << shape.height << "x" << shape.channels
            << " written by " << adapter->name() << "\n";
  return 0;
}

}  // namespace imgbench::cli
