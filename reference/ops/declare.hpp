#pragma once
// What an operation's file in reference/ops/ writes: its declaration in terms of its own type.
// declare() wraps it for the untyped Operation the rest of the suite handles.
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "core/error.hpp"
#include "reference/operations.hpp"

namespace imgbench::ops {

template <class Op>
struct Declaration {
  std::string name;
  std::string summary;
  Role role = Role::transform;
  std::vector<ParamDef> params;
  std::function<Op(const ParamValues&, const Shape&)> make;
  std::function<std::string(const Op&)> text;
  std::function<Shape(const Op&, const Shape&)> shape;
  std::function<Image(const Image&, const Op&)> reference;  // transforms only
  std::function<reference::Tolerance(const Op&)> tolerance;
  std::function<std::vector<OperationCase>(const Shape&)> cases;
};

template <class Op>
OperationDef declare(Declaration<Op> d) {
  OperationDef def;
  def.name = std::move(d.name);
  def.summary = std::move(d.summary);
  def.role = d.role;
  def.params = std::move(d.params);
  def.index = Operation(Op{}).index();
  def.make = [make = std::move(d.make)](const ParamValues& values, const Shape& input) {
    return Operation(make(values, input));
  };
  def.text = [text = std::move(d.text)](const Operation& op) { return text(std::get<Op>(op)); };
  def.shape = [shape = std::move(d.shape)](const Operation& op, const Shape& input) {
    return shape(std::get<Op>(op), input);
  };
  if (d.reference) {
    def.reference = [reference = std::move(d.reference)](const Image& in, const Operation& op) {
      return reference(in, std::get<Op>(op));
    };
  }
  def.tolerance = [tolerance = std::move(d.tolerance)](const Operation& op) {
    return tolerance ? tolerance(std::get<Op>(op)) : reference::Tolerance{};
  };
  def.cases =
      d.cases ? std::move(d.cases) : [](const Shape&) { return std::vector<OperationCase>{}; };
  return def;
}

// A real parameter as written in a text form: the shortest form that reads back the same.
inline std::string format_real(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  for (int digits = 1; digits <= 17; ++digits) {
    char shorter[32];
    std::snprintf(shorter, sizeof shorter, "%.*g", digits, value);
    if (std::strtod(shorter, nullptr) == value) return shorter;
  }
  return text;
}

// A case whose operation is what its text says, resolved for `input`.
inline OperationCase case_of(const std::string& text, const Shape& input,
                             std::set<std::string> suites = {}, SpeedTarget target = {}) {
  return {text, resolve(parse_step(text), input), std::move(suites), target};
}

}  // namespace imgbench::ops
