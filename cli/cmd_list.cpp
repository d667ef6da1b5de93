// imgbench list: what this build can run, and on which images.
#include <iostream>
#include <sstream>

#include "adapters/registry.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "core/json.hpp"
#include "core/op_spec.hpp"
#include "images/catalog.hpp"

namespace imgbench::cli {
namespace {

struct Probe {
  std::string label;
  Operation operation;
};

// Representative operations on a 2560x1600 RGB input, the full cycle's size.
std::vector<Probe> probes() {
  const Shape input{2560, 1600, 3};
  std::vector<Probe> list = {{"decode:jpeg", Decode{ImageFormat::jpeg}},
                             {"decode:png", Decode{ImageFormat::png}},
                             {"encode:quality=85", EncodeJpeg{85}},
                             {"rotate90", Rotate90{}}};
  for (Filter filter : kAllFilters) {
    list.push_back({"resize:scale=2.5,filter=" + std::string(to_string(filter)),
                    to_operation(resolve(ResizeSpec{2.5, 0, 0, filter}, input))});
  }
  list.push_back({"blur:sigma=4", Blur{4}});
  list.push_back({"crop", Crop{0, 0, 640, 480}});
  return list;
}

void print_text(const std::vector<std::unique_ptr<Adapter>>& adapters,
                const std::vector<images::TestImage>& images, const std::string& dir) {
  const Shape input{2560, 1600, 3};
  for (const auto& adapter : adapters) {
    std::cout << adapter->name() << "  (" << adapter->version() << ")\n";
    for (const Probe& probe : probes()) {
      const Support support = adapter->supports(probe.operation, input);
      std::cout << "  " << probe.label << ": "
                << (support.supported ? "yes" : "no, " + support.reason) << "\n";
    }
    for (const Variant& variant : adapter->variants()) {
      std::cout << "  variant " << variant.name << " (claims " << variant.claims
                << "): " << variant.call << "\n";
    }
  }
  std::cout << "\ntest images in " << dir << ":\n";
  if (images.empty()) std::cout << "  none: run `imgbench images` and images/fetch-photos\n";
  for (const auto& image : images) {
    std::cout << "  " << image.name << "  " << to_string(images::probe_shape(image)) << "  "
              << to_string(image.format) << (image.synthetic ? "  synthetic" : "  photo") << "\n";
  }
}

void print_json(const std::vector<std::unique_ptr<Adapter>>& adapters,
                const std::vector<images::TestImage>& images) {
  const Shape input{2560, 1600, 3};
  std::ostringstream out;
  out << "{\"adapters\": [";
  for (std::size_t a = 0; a < adapters.size(); ++a) {
    const Adapter& adapter = *adapters[a];
    out << (a ? ", " : "") << "{\"name\": " << json_quote(std::string(adapter.name()))
        << ", \"version\": " << json_quote(adapter.version()) << ", \"operations\": {";
    const auto list = probes();
    for (std::size_t p = 0; p < list.size(); ++p) {
      const Support support = adapter.supports(list[p].operation, input);
      out << (p ? ", " : "") << json_quote(list[p].label) << ": "
          << (support.supported ? "true" : json_quote(support.reason));
    }
    out << "}, \"variants\": [";
    const auto variants = adapter.variants();
    for (std::size_t v = 0; v < variants.size(); ++v) {
      out << (v ? ", " : "") << "{\"name\": " << json_quote(variants[v].name)
          << ", \"claims\": " << json_quote(variants[v].claims)
          << ", \"call\": " << json_quote(variants[v].call) << "}";
    }
    out << "]}";
  }
  out << "], \"images\": [";
  for (std::size_t i = 0; i < images.size(); ++i) {
    const Shape shape = images::probe_shape(images[i]);
    out << (i ? ", " : "") << "{\"name\": " << json_quote(images[i].name)
        << ", \"path\": " << json_quote(images[i].path)
        << ", \"format\": " << json_quote(std::string(to_string(images[i].format)))
        << ", \"width\": " << shape.width << ", \"height\": " << shape.height
        << ", \"channels\": " << shape.channels
        << ", \"synthetic\": " << (images[i].synthetic ? "true" : "false") << "}";
  }
  out << "]}\n";
  std::cout << out.str();
}

}  // namespace

int run_list(int argc, char** argv) {
  const Args args(argc, argv, 2, {"images"}, {"json"});
  if (!args.positionals().empty())
    throw Error("list: unexpected argument '" + args.positionals()[0] + "'");
  std::vector<std::unique_ptr<Adapter>> adapters;
  for (const auto& name : adapter_names()) adapters.push_back(make_adapter(name));
  const std::string dir = args.value("images", images::default_image_dir());
  const auto images = images::list_test_images(dir);
  if (args.flag("json")) {
    print_json(adapters, images);
  } else {
    print_text(adapters, images, dir);
  }
  return 0;
}

}  // namespace imgbench::cli
