#pragma once
// Files named on the command line (--input) are read first in a child process (`imgbench probe`):
// every adapter decodes each of them there, with a time limit per decode, so that a file that
// crashes a library or never finishes decoding is quarantined and recorded as a failure instead
// of ending the run. Decoding is the only step whose work depends on the file's content; the
// operations after it depend on the image's size, which the pixel limit bounds.
#include <chrono>
#include <string>
#include <vector>

#include "adapters/adapter.hpp"
#include "core/quarantine.hpp"

namespace imgbench::cli {

// `adapters`: the names of the adapters the run uses (the canonical decoder is always tried).
Quarantine screen_inputs(const std::vector<std::string>& paths,
                         const std::vector<std::string>& adapters, const AdapterConfig& config,
                         std::chrono::duration<double> limit);

// The child's side: decodes each file with each adapter ("reference" first) and prints one line
// per (file, adapter) pair as it finishes: "@probe done <pair index> <adapter> ok|error".
int run_probe(int argc, char** argv);

}  // namespace imgbench::cli
