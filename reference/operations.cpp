#include "reference/operations.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.hpp"

namespace imgbench {

// The declarations, in the order of the files in reference/ops/ (generated: operation_list.cpp).
const std::vector<OperationDef>& declared_operations();

namespace {

std::string param_error(const OperationDef& op, const ParamDef& param, const std::string& what) {
  return op.name + ": parameter '" + param.name + "' " + what;
}

template <class T>
bool parse_number(const std::string& text, T& value) {
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

std::string range_text(const ParamDef& param) {
  char text[96];
  std::snprintf(text, sizeof text, "%s%g, %g]", param.min_exclusive ? "(" : "[", param.min,
                param.max);
  return text;
}

// Checks a value against its declaration: its type, its range or its choices.
void check_value(const OperationDef& op, const ParamDef& param, const std::string& value) {
  if (param.type == ParamDef::Type::choice) {
    if (std::find(param.choices.begin(), param.choices.end(), value) != param.choices.end()) return;
    std::string list;
    for (const auto& choice : param.choices) list += (list.empty() ? "" : ", ") + choice;
    throw Error(param_error(op, param, "must be one of " + list + ", got '" + value + "'"));
  }
  double number = 0;
  if (param.type == ParamDef::Type::integer) {
    int integer = 0;
    if (!parse_number(value, integer)) {
      throw Error(param_error(op, param, "is not a valid integer: '" + value + "'"));
    }
    number = integer;
  } else if (!parse_number(value, number) || !std::isfinite(number)) {
    throw Error(param_error(op, param, "is not a valid number: '" + value + "'"));
  }
  const bool above = param.min_exclusive ? number > param.min : number >= param.min;
  if (!above || number > param.max) {
    throw Error(param_error(op, param, "must be in " + range_text(param) + ", got " + value));
  }
}

const ParamDef* find_param(const OperationDef& op, std::string_view name) {
  for (const ParamDef& param : op.params) {
    if (param.name == name) return &param;
  }
  return nullptr;
}

// Reads "key=value,key=value" against the declaration, then fills in the defaults.
ParamValues parse_params(const OperationDef& op, std::string_view text) {
  ParamValues values;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos || equals == 0) {
      throw Error(op.name + ": expected key=value, got '" + std::string(item) + "'");
    }
    const std::string_view key = item.substr(0, equals);
    const ParamDef* param = find_param(op, key);
    if (!param) {
      std::string known;
      for (const auto& p : op.params) known += (known.empty() ? "" : ", ") + p.name;
      throw Error(op.name + ": unknown parameter '" + std::string(key) +
                  "' (known: " + (known.empty() ? "none" : known) + ")");
    }
    if (values.has(key)) throw Error(op.name + ": parameter '" + param->name + "' given twice");
    const std::string value(item.substr(equals + 1));
    check_value(op, *param, value);
    values.set(param->name, value);
  }
  for (const ParamDef& param : op.params) {
    if (values.has(param.name) || param.optional) continue;
    if (param.fallback.empty()) throw Error(op.name + ": missing parameter '" + param.name + "'");
    values.set(param.name, param.fallback);
  }
  return values;
}

}  // namespace

const std::string& ParamValues::text(std::string_view name) const {
  const auto it = values_.find(name);
  if (it == values_.end()) throw Error("missing parameter '" + std::string(name) + "'");
  return it->second;
}

int ParamValues::integer(std::string_view name) const {
  return std::stoi(text(name));  // checked by parse_params
}

double ParamValues::real(std::string_view name) const {
  return std::stod(text(name));
}

const std::vector<OperationDef>& operations() {
  static const std::vector<OperationDef> sorted = [] {
    std::vector<OperationDef> list = declared_operations();
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) {
      return a.role < b.role;  // the decode first, the save last, the transforms by name
    });
    return list;
  }();
  return sorted;
}

const OperationDef& find_operation(std::string_view name) {
  for (const OperationDef& op : operations()) {
    if (op.name == name) return op;
  }
  std::string known;
  for (const OperationDef& op : operations()) known += (known.empty() ? "" : ", ") + op.name;
  throw Error("unknown operation '" + std::string(name) + "' (known: " + known + ")");
}

const OperationDef& definition_of(const Operation& op) {
  for (const OperationDef& def : operations()) {
    if (def.index == op.index()) return def;
  }
  throw Error("operation without a declaration in reference/ops/");
}

Step parse_step(std::string_view text) {
  const auto colon = text.find(':');
  const OperationDef& op = find_operation(text.substr(0, colon));
  const std::string_view rest =
      colon == std::string_view::npos ? std::string_view{} : text.substr(colon + 1);
  return {&op, parse_params(op, rest), std::string(text)};
}

Operation resolve(const Step& step, const Shape& input) {
  const Operation op = step.operation->make(step.params, input);
  output_shape(op, input);  // validates the parameters against the input
  return op;
}

Transform resolve_transform(const Step& step, const Shape& input) {
  const std::optional<Transform> transform = as_transform(resolve(step, input));
  if (!transform) {
    throw Error(step.operation->name + ": not a pixel operation here (" +
                (step.operation->role == Role::save ? "only valid as the last step"
                                                    : "the input is decoded first") +
                ")");
  }
  return *transform;
}

int scaled_size(int size, double factor) {
  const double scaled = std::round(size / factor);
  if (scaled < 1) return 1;
  if (scaled > 1e9) throw Error("resize: output size overflows");
  return static_cast<int>(scaled);
}

std::string_view kind_name(const Operation& op) {
  return definition_of(op).name;
}

std::string to_string(const Operation& op) {
  return definition_of(op).text(op);
}

Shape output_shape(const Operation& op, const Shape& input) {
  return definition_of(op).shape(op, input);
}

Shape output_shape(const Transform& transform, const Shape& input) {
  return output_shape(to_operation(transform), input);
}

}  // namespace imgbench

namespace imgbench::reference {

Image apply(const Image& input, const Transform& transform) {
  const Operation op = to_operation(transform);
  const OperationDef& def = definition_of(op);
  def.shape(op, input.shape());
  return def.reference(input, op);
}

}  // namespace imgbench::reference
