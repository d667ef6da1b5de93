// imgbench list: what this build can run, and on which images.
#include <iomanip>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "adapters/registry.hpp"
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "images/catalog.hpp"
#include "reference/operations.hpp"

namespace imgbench::cli {
namespace {

struct Probe {
  std::string label;
  Operation operation;
};

// Every declared case on a 2560x1600 RGB input, the full cycle's size, after the decodes.
std::vector<Probe> probes() {
  const Shape input{2560, 1600, 3};
  std::vector<Probe> list;
  for (const ImageFormat format : {ImageFormat::jpeg, ImageFormat::png}) {
    list.push_back({to_string(Operation{Decode{format}}), Decode{format}});
  }
  for (const OperationDef& def : operations()) {
    for (const OperationCase& c : def.cases(input)) list.push_back({c.text, c.operation});
  }
  return list;
}

std::string param_text(const ParamDef& param) {
  std::string text = param.name + "=";
  if (param.type == ParamDef::Type::choice) {
    for (std::size_t i = 0; i < param.choices.size(); ++i) {
      text += (i ? "|" : "") + param.choices[i];
    }
  } else {
    const bool integer = param.type == ParamDef::Type::integer;
    std::ostringstream range;
    if (integer) range << std::fixed << std::setprecision(0);
    range << (param.min_exclusive ? "(" : "[") << param.min << ".." << param.max << "]";
    text += (integer ? "INT" : "REAL") + range.str();
  }
  if (!param.fallback.empty()) text += " (default " + param.fallback + ")";
  return text;
}

void print_operations() {
  std::cout << "operations (the text of --op and of every result's name):\n";
  for (const OperationDef& def : operations()) {
    std::cout << "  " << def.name << "  " << def.summary << "\n";
    for (const ParamDef& param : def.params) {
      std::cout << "      " << param_text(param) << "  " << param.help << "\n";
    }
  }
  std::cout << "\n";
}

void print_text(const std::vector<std::unique_ptr<Adapter>>& adapters,
                const std::vector<images::TestImage>& images, const std::string& dir) {
  const Shape input{2560, 1600, 3};
  print_operations();
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

nlohmann::json param_json(const ParamDef& param) {
  static const char* const kTypes[] = {"integer", "real", "choice"};
  nlohmann::json json = {
      {"name", param.name}, {"type", kTypes[static_cast<int>(param.type)]}, {"help", param.help}};
  if (param.type == ParamDef::Type::choice) {
    json["choices"] = param.choices;
  } else {
    json["min"] = param.min;
    json["max"] = param.max;
    json["min_exclusive"] = param.min_exclusive;
  }
  if (!param.fallback.empty()) json["default"] = param.fallback;
  return json;
}

// The declarations (reference/ops/), what each adapter maps, and the test images.
void print_json(const std::vector<std::unique_ptr<Adapter>>& adapters,
                const std::vector<images::TestImage>& images) {
  const Shape input{2560, 1600, 3};
  nlohmann::json document = {{"operations", nlohmann::json::array()},
                             {"adapters", nlohmann::json::array()},
                             {"images", nlohmann::json::array()}};
  for (const OperationDef& def : operations()) {
    nlohmann::json params = nlohmann::json::array();
    for (const ParamDef& param : def.params) params.push_back(param_json(param));
    document["operations"].push_back(
        {{"name", def.name}, {"summary", def.summary}, {"params", params}});
  }
  for (const auto& adapter : adapters) {
    nlohmann::json supported = nlohmann::json::object();
    for (const Probe& probe : probes()) {
      const Support support = adapter->supports(probe.operation, input);
      supported[probe.label] =
          support.supported ? nlohmann::json(true) : nlohmann::json(support.reason);
    }
    nlohmann::json variants = nlohmann::json::array();
    for (const Variant& variant : adapter->variants()) {
      variants.push_back(
          {{"name", variant.name}, {"claims", variant.claims}, {"call", variant.call}});
    }
    document["adapters"].push_back({{"name", std::string(adapter->name())},
                                    {"version", adapter->version()},
                                    {"operations", supported},
                                    {"variants", variants}});
  }
  for (const auto& image : images) {
    const Shape shape = images::probe_shape(image);
    document["images"].push_back({{"name", image.name},
                                  {"path", image.path},
                                  {"format", std::string(to_string(image.format))},
                                  {"width", shape.width},
                                  {"height", shape.height},
                                  {"channels", shape.channels},
                                  {"synthetic", image.synthetic}});
  }
  std::cout << document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

}  // namespace

int run_list(int argc, char** argv) {
  const Args args(argc, argv, command_spec("list"));
  if (!args.positionals().empty())
    throw UsageError("list: unexpected argument '" + args.positionals()[0] + "'");
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
