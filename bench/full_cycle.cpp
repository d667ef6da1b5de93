#include "bench/full_cycle.hpp"

#include "core/op_spec.hpp"

namespace imgbench::bench {

FullCycle full_cycle(const Shape& shape, Filter filter) {
  FullCycle cycle;
  Shape current = shape;
  for (const StepSpec& step :
       std::vector<StepSpec>{Rotate90{}, ResizeSpec{2.5, 0, 0, filter}, Blur{4}}) {
    cycle.steps.push_back(resolve(step, current));
    current = output_shape(cycle.steps.back(), current);
  }
  return cycle;
}

std::vector<CycleStage> cycle_stages(const Shape& shape, Filter filter) {
  const FullCycle whole = full_cycle(shape, filter);
  const std::string suffix(to_string(filter));
  const std::string names[] = {"load-save", "rotate", "resize-" + suffix, "blur-" + suffix};
  std::vector<CycleStage> stages;
  for (std::size_t steps = 0; steps <= whole.steps.size(); ++steps) {
    FullCycle stage = whole;
    stage.steps.resize(steps);
    stages.push_back({names[steps], stage});
  }
  return stages;
}

std::vector<Operation> operations_of(const FullCycle& cycle) {
  std::vector<Operation> operations = {Decode{ImageFormat::jpeg}};
  for (const Transform& step : cycle.steps) operations.push_back(to_operation(step));
  operations.push_back(cycle.encode);
  return operations;
}

Bytes run_full_cycle(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                     const FullCycle& cycle) {
  NativePtr image = adapter.decode(jpeg);
  for (const Transform& step : cycle.steps) image = adapter.apply(*image, step);
  return adapter.encode_jpeg(*image, cycle.encode);
}

}  // namespace imgbench::bench
