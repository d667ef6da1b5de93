#include "bench/full_cycle.hpp"

#include "bench/counts.hpp"
#include "bench/sequence.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {

FullCycle full_cycle(const Shape& shape, Filter filter) {
  FullCycle cycle;
  Shape current = shape;
  const std::string resize = "resize:scale=2.5,filter=" + std::string(to_string(filter));
  for (const std::string& text : {std::string("rotate90"), resize, std::string("blur:sigma=4")}) {
    cycle.steps.push_back(resolve_transform(parse_step(text), current));
    current = output_shape(cycle.steps.back(), current);
  }
  return cycle;
}

FullCycle thumbnail(const Shape& shape) {
  FullCycle cycle;
  cycle.steps.push_back(resolve_transform(parse_step("resize:scale=8,filter=lanczos3"), shape));
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

bool supports_cycle(const Adapter& adapter, const FullCycle& cycle, const Shape& source,
                    ImageFormat format) {
  const auto shape = supported_shape(adapter, format, source, cycle.steps);
  return shape && adapter.supports(cycle.encode, *shape).supported;
}

Bytes run_full_cycle(const Adapter& adapter, std::span<const std::uint8_t> jpeg,
                     const FullCycle& cycle) {
  Bytes encoded = adapter.encode_jpeg(*run_sequence(adapter, jpeg, cycle.steps), cycle.encode);
  count_step("encode");
  return encoded;
}

}  // namespace imgbench::bench
