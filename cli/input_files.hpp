#pragma once
// Files named on the command line are untrusted input.
#include <string>

#include "adapters/adapter.hpp"
#include "cli/args.hpp"

namespace imgbench::cli {

// The files a command was given: every --input FILE, then the positional arguments.
std::vector<std::string> input_files(const Args& args);

// Reads `path` and decodes it with `adapter`: the adapter's own decoder when it reads the format,
// else the canonical decoder and an import (`note` then says so). The canonical decoder checks
// the file first, so that every adapter refuses the same files with the same one-line error
// naming the file and the cause: some libraries decode corrupt entropy-coded data without a word
// (reference/SEMANTICS.md, "Bad input").
NativePtr decode_input(const Adapter& adapter, const std::string& path, std::string& note);

}  // namespace imgbench::cli
