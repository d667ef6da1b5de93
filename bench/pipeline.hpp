#pragma once
// Users' own pipelines: steps in the text form of `apply --op` (reference/operations.hpp), run
// on the files they name, through every adapter that supports each step, each case verified
// against the reference sequence before it is timed. From the command line
// (`bench --pipeline 'STEP;STEP' FILE...`) or from a suite file a team keeps with its code:
//
//   {"format_version": 1,
//    "pipelines": [{"name": "thumbnail",
//                   "steps": ["crop:x=100,y=100,w=1200,h=1200",
//                             "resize:w=300,h=300,filter=lanczos3", "save:quality=80"]}],
//    "inputs": ["photos/a.jpg", "photos/b.png"]}
//
// (inputs relative to the suite file). Names are "pipeline:<name>/<adapter>/<file name>"; a
// pipeline given on the command line is named by its text.
#include <memory>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "bench/suites.hpp"
#include "reference/operations.hpp"

namespace imgbench::bench {

struct Pipeline {
  std::string name;
  std::vector<Step> steps;  // pixel steps, then at most one save, last
};

// Parses "STEP;STEP;..." (Error naming the bad step: an unknown operation or parameter, a
// decode, a save before the last step, no step at all).
Pipeline parse_pipeline(const std::string& text, std::string name = "");

struct SuiteFile {
  std::vector<Pipeline> pipelines;
  std::vector<std::string> inputs;  // paths, made relative to the current directory
};
// Reads a suite file (Error naming the file and what is wrong with it).
SuiteFile read_suite_file(const std::string& path);

// Registers every (pipeline, input, adapter) case the adapter supports; a file that cannot be
// read, or that a pipeline's steps do not fit, is a failed case for each adapter, and the run
// goes on.
void register_pipelines(const std::vector<std::shared_ptr<const Adapter>>& adapters,
                        const std::vector<Pipeline>& pipelines, const InputFiles& inputs);

}  // namespace imgbench::bench
