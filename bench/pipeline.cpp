#include "bench/pipeline.hpp"

#include <benchmark/benchmark.h>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "bench/case_record.hpp"
#include "bench/counts.hpp"
#include "bench/peak_memory.hpp"
#include "bench/registration.hpp"
#include "bench/sequence.hpp"
#include "bench/verified_case.hpp"
#include "core/error.hpp"
#include "core/file_io.hpp"
#include "reference/codec.hpp"

namespace imgbench::bench {
namespace {

// A file the pipelines run on: its bytes, format and shape, or why it cannot be read.
struct PipelineInput {
  std::string name;  // the file name, as the benchmark names it
  std::string path;
  Bytes bytes;
  ImageFormat format = ImageFormat::jpeg;
  Shape shape;
  std::string problem;
};

// A pipeline resolved for one input: its pixel steps, and its save if it has one.
struct Resolved {
  std::vector<Transform> steps;
  std::optional<EncodeJpeg> save;
  Shape output;
};

Resolved resolve_for(const Pipeline& pipeline, const Shape& input) {
  Resolved resolved;
  resolved.output = input;
  for (const Step& step : pipeline.steps) {
    if (step.operation->role == Role::save) {
      resolved.save = std::get<EncodeJpeg>(resolve(step, resolved.output));
      continue;
    }
    resolved.steps.push_back(resolve_transform(step, resolved.output));
    resolved.output = output_shape(resolved.steps.back(), resolved.output);
  }
  return resolved;
}

bool supports(const Adapter& adapter, const PipelineInput& input, const Resolved& resolved) {
  const auto shape = supported_shape(adapter, input.format, input.shape, resolved.steps);
  return shape && (!resolved.save || adapter.supports(*resolved.save, *shape).supported);
}

CaseRecord pipeline_record(const Pipeline& pipeline, const Adapter& adapter,
                           const PipelineInput& input, const Resolved* resolved) {
  CaseRecord record;
  record.family = "pipeline";
  record.label = pipeline.name;
  record.adapter = std::string(adapter.name());
  record.image = input.name;
  if (!resolved) return record;
  record.steps.push_back(to_string(Operation{Decode{input.format}}));
  std::vector<Operation> operations;
  for (const Transform& step : resolved->steps) {
    operations.push_back(to_operation(step));
    record.steps.push_back(to_string(operations.back()));
  }
  record.tolerance = describe(reference::tolerance_for_sequence(operations));
  if (resolved->save) {
    record.steps.push_back(to_string(Operation{*resolved->save}));
    record.tolerance +=
        "; after the encode " + describe(reference::tolerance_for_encoded_sequence());
  }
  return record;
}

void run_pipeline_case(benchmark::State& state, const std::string& name, const Adapter& adapter,
                       const PipelineInput& input, const Resolved& resolved) {
  const Verdict& verdict = verdict_once(name, adapter, [&] {
    return verify_sequence(adapter, input.bytes, resolved.steps, resolved.save);
  });
  if (!verdict.passed()) {
    state.SkipWithError(verdict.message().c_str());
    return;
  }
  std::optional<CaseMemory> memory;
  if (!counting()) memory.emplace(name);
  try {
    run_measured(state, name, [&] {
      NativePtr image = run_sequence(adapter, input.bytes, resolved.steps);
      if (resolved.save) {
        const Bytes jpeg = adapter.encode_jpeg(*image, *resolved.save);
        benchmark::DoNotOptimize(jpeg.data());
      }
      benchmark::DoNotOptimize(image.get());
    });
  } catch (const std::exception& error) {
    state.SkipWithError((std::string("failed while timed: ") + error.what()).c_str());
    return;
  }
  if (counting()) return;
  // Mpx/s of the input, pillow-perf's convention.
  state.counters["Mpx/s"] =
      benchmark::Counter(static_cast<double>(input.shape.width) * input.shape.height / 1e6,
                         benchmark::Counter::kIsIterationInvariantRate);
  state.counters["images/s"] = benchmark::Counter(1, benchmark::Counter::kIsIterationInvariantRate);
  memory->report(state);
}

// A case that cannot run on this input: it fails with `why`, as a failed verification does.
void register_failed(const std::string& name, const std::string& why, CaseRecord record) {
  register_case(
      name,
      [name, why](benchmark::State& state) {
        const Verdict& verdict = verdict_once(name, [&] { return reference::error_verdict(why); });
        state.SkipWithError(verdict.message().c_str());
      },
      std::move(record));
}

PipelineInput read_input(const std::string& path, const Quarantine& quarantine) {
  PipelineInput input;
  input.path = path;
  input.name = printable(std::filesystem::path(path).filename().string());
  try {
    if (const std::string* cause = quarantine.cause(path, "reference")) throw Error(*cause);
    input.bytes = read_file(path);
    input.shape = reference::probe_shape(input.bytes, path);
    input.format = *reference::detect_format(input.bytes);  // probe_shape knows the format
  } catch (const Error& error) {
    input.problem = error.what();
  }
  return input;
}

}  // namespace

Pipeline parse_pipeline(const std::string& text, std::string name) {
  Pipeline pipeline;
  pipeline.name = name.empty() ? text : std::move(name);
  if (pipeline.name.find('/') != std::string::npos) {
    throw Error("pipeline: the name '" + pipeline.name + "' may not contain '/'");
  }
  std::size_t begin = 0;
  while (begin <= text.size()) {
    const std::size_t end = std::min(text.find(';', begin), text.size());
    const std::string part = text.substr(begin, end - begin);
    begin = end + 1;
    if (part.empty()) continue;
    if (!pipeline.steps.empty() && pipeline.steps.back().operation->role == Role::save) {
      throw Error("pipeline: save must be the last step, not before '" + part + "'");
    }
    Step step = parse_step(part);
    if (step.operation->role == Role::decode) {
      throw Error("pipeline: the input is decoded first; 'decode' is not a step");
    }
    pipeline.steps.push_back(std::move(step));
  }
  if (pipeline.steps.empty()) throw Error("pipeline: no step in '" + text + "'");
  return pipeline;
}

SuiteFile read_suite_file(const std::string& path) {
  const Bytes bytes = read_file(path);
  SuiteFile suite;
  try {
    const nlohmann::json document = nlohmann::json::parse(bytes.begin(), bytes.end());
    if (!document.is_object()) throw Error("a suite file is a JSON object");
    for (const auto& [key, value] : document.items()) {
      if (key != "format_version" && key != "pipelines" && key != "inputs") {
        throw Error("unknown key '" + key + "' (known: format_version, pipelines, inputs)");
      }
    }
    const nlohmann::json version = document.value("format_version", nlohmann::json(1));
    if (version != 1) throw Error("suite file format " + version.dump() + " is not 1");
    const nlohmann::json pipelines = document.value("pipelines", nlohmann::json());
    if (!pipelines.is_array() || pipelines.empty()) {
      throw Error("\"pipelines\" must be a non-empty list");
    }
    for (const auto& entry : pipelines) {
      if (!entry.is_object() || !entry.contains("name") || !entry["steps"].is_array()) {
        throw Error("each pipeline needs a \"name\" and a list of \"steps\"");
      }
      std::string text;
      for (const auto& step : entry["steps"]) text += step.get<std::string>() + ";";
      suite.pipelines.push_back(parse_pipeline(text, entry["name"].get<std::string>()));
    }
    const nlohmann::json inputs = document.value("inputs", nlohmann::json::array());
    if (!inputs.is_array()) throw Error("\"inputs\" must be a list of paths");
    const auto base = std::filesystem::path(path).parent_path();
    for (const auto& input : inputs) {
      suite.inputs.push_back((base / input.get<std::string>()).lexically_normal().string());
    }
  } catch (const nlohmann::json::parse_error& error) {
    throw Error(path + ": not a JSON suite file (" + error.what() + ")");
  } catch (const nlohmann::json::exception& error) {  // a value of the wrong type
    throw Error(path + ": " + error.what());
  } catch (const Error& error) {
    throw Error(path + ": " + error.what());
  }
  return suite;
}

void register_pipelines(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                        const std::vector<Pipeline>& pipelines, const InputFiles& inputs) {
  static std::deque<PipelineInput> files;  // the registered cases refer to them until exit
  static std::deque<Resolved> plans;
  // A case is named by its file's name: two files of one name would share a name and a verdict.
  std::map<std::string, std::string> named;
  for (const std::string& path : inputs.paths) {
    const std::string name = printable(std::filesystem::path(path).filename().string());
    if (const auto [it, fresh] = named.emplace(name, path); !fresh) {
      throw Error("pipeline: two inputs are named " + name + " (" + it->second + ", " + path +
                  "): rename one, since the results name each input by its file name");
    }
  }
  for (const std::string& path : inputs.paths) {
    files.push_back(read_input(path, inputs.quarantine));
    const PipelineInput& input = files.back();
    for (const Pipeline& pipeline : pipelines) {
      const std::string prefix = "pipeline:" + pipeline.name + "/";
      std::optional<Resolved> resolved;
      std::string problem = input.problem;
      if (problem.empty()) {
        try {
          resolved = resolve_for(pipeline, input.shape);
        } catch (const Error& error) {  // a crop outside this image, say
          problem = input.name + ": " + error.what();
        }
      }
      for (const auto& adapter : adapters) {
        const std::string name = prefix + std::string(adapter->name()) + "/" + input.name;
        const std::string* cause = inputs.quarantine.cause(path, std::string(adapter->name()));
        if (!problem.empty() || cause) {
          register_failed(name, problem.empty() ? *cause : problem,
                          pipeline_record(pipeline, *adapter, input, nullptr));
          continue;
        }
        if (!supports(*adapter, input, *resolved)) {
          std::fprintf(stderr, "imgbench: note: %s does not support every step of %s on %s\n",
                       std::string(adapter->name()).c_str(), pipeline.name.c_str(),
                       input.name.c_str());
          continue;
        }
        plans.push_back(*resolved);
        const Resolved& plan = plans.back();
        register_case(
            name,
            [name, adapter, &input, &plan](benchmark::State& state) {
              run_pipeline_case(state, name, *adapter, input, plan);
            },
            pipeline_record(pipeline, *adapter, input, &plan));
      }
    }
  }
}

}  // namespace imgbench::bench
