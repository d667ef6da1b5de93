#pragma once
// Every operation, declared once (reference/ops/<name>.cpp): its name and parameters (type, range,
// default), its text form, the shape it produces, its exact reference kernel, its tolerance, and
// the cases the verify matrix and the benchmark suites run. The step parser, `imgbench list`, the
// verify matrix, the bench registrations and the result records all read these declarations:
// adding an operation is one more file in reference/ops/ (CMake lists the folder), its meaning in
// SEMANTICS.md, and a mapping in each adapter that can express it.
//
// Text form of a step, as typed on the command line and written in every name and record:
//   rotate90 | resize:scale=2.5,filter=lanczos3 | resize:w=640,h=400 | blur:sigma=2
//   crop:x=10,y=20,w=300,h=200 | save:quality=85
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/image.hpp"
#include "core/operation.hpp"
#include "reference/tolerances.hpp"

namespace imgbench {

struct ParamDef {
  enum class Type { integer, real, choice };
  std::string name;
  Type type = Type::integer;
  double min = 0, max = 0;           // the range, for numbers
  bool min_exclusive = false;        // (min, max] instead of [min, max]
  std::vector<std::string> choices;  // for a choice
  std::string fallback;              // the default, as text
  bool optional = false;             // without a default, and not required either (make() checks)
  std::string help;                  // one line, for `imgbench list`
};

// A step's parameters as given in its text, checked against the declaration: every value has the
// declared type and lies in its range; defaults are filled in.
class ParamValues {
 public:
  bool has(std::string_view name) const { return values_.find(name) != values_.end(); }
  int integer(std::string_view name) const;
  double real(std::string_view name) const;
  const std::string& text(std::string_view name) const;
  void set(const std::string& name, std::string value) { values_[name] = std::move(value); }

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

// Where an operation stands in a pipeline: the decode makes the image, the save ends it.
enum class Role { decode, transform, save };

// What our own kernel (the simd adapter) must reach on a case, checked on every run by
// reports/kernel_targets.py from the result file: its speed over Pillow's and over the fastest
// other library's (ratios of median times), and for a kernel that streams its input, the rate at
// which it reads the input as a share of memcpy's on the same buffer. 0: no target.
struct SpeedTarget {
  double vs_pillow = 0;
  double vs_fastest = 0;
  double memcpy_share = 0;
};

// One case of the verify matrix and the single-operation suite, for an input of a given shape.
struct OperationCase {
  std::string text;              // its text form, e.g. "resize:scale=2.5,filter=area"
  Operation operation;           // resolved for the input
  std::set<std::string> suites;  // named suites beyond "ops" and "full" (which take every case)
  SpeedTarget target;            // our kernel's
};

struct OperationDef {
  std::string name;     // "resize"
  std::string summary;  // one line: what it computes (SEMANTICS.md has the full definition)
  Role role = Role::transform;
  std::vector<ParamDef> params;
  std::size_t index = 0;  // its alternative in the Operation variant

  // The concrete operation for an input of `input` shape (a resize by a factor becomes a size).
  std::function<Operation(const ParamValues&, const Shape& input)> make;
  // Its text form, read back by parse_step().
  std::function<std::string(const Operation&)> text;
  // The output shape; throws Error when the parameters do not fit the input.
  std::function<Shape(const Operation&, const Shape& input)> shape;
  // The exact reference (transforms only; the decode and the save are the reference codec's).
  std::function<Image(const Image&, const Operation&)> reference;
  std::function<reference::Tolerance(const Operation&)> tolerance;
  // What the verify matrix and the suites run on an input of this shape.
  std::function<std::vector<OperationCase>(const Shape& input)> cases;
};

// Every operation: the decode, then the transforms by name, then the save.
const std::vector<OperationDef>& operations();
// Throws Error naming the known operations.
const OperationDef& find_operation(std::string_view name);
const OperationDef& definition_of(const Operation& op);

// A step as parsed from its text, not yet resolved for an input.
struct Step {
  const OperationDef* operation = nullptr;
  ParamValues params;
  std::string text;  // as given
};
// Throws Error naming the unknown operation or parameter, or the malformed or out-of-range value.
Step parse_step(std::string_view text);
// The concrete operation for an input of `input` shape, validated against it.
Operation resolve(const Step& step, const Shape& input);
// The concrete transform; throws Error for a decode or a save.
Transform resolve_transform(const Step& step, const Shape& input);

// The output size of a resize by factor f: round(n / f), at least 1 pixel.
int scaled_size(int size, double factor);

// The operation's name, e.g. "resize".
std::string_view kind_name(const Operation& op);
// Its full text form, e.g. "resize:w=1024,h=640,filter=lanczos3" or "blur:sigma=2".
std::string to_string(const Operation& op);
// Output shape; throws Error when the parameters do not fit the input (crop box outside, absurd
// resize).
Shape output_shape(const Operation& op, const Shape& input);
Shape output_shape(const Transform& transform, const Shape& input);

}  // namespace imgbench

namespace imgbench::reference {

// The exact reference of a transform; validates it against the input first.
Image apply(const Image& input, const Transform& transform);

}  // namespace imgbench::reference
