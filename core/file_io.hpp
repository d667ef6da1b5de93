#pragma once
// Whole-file reads and all-or-nothing writes: an output file is either complete or absent.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace imgbench {

using Bytes = std::vector<std::uint8_t>;

// Reads the whole file; Error names the file and the cause (missing, unreadable, a directory).
Bytes read_file(const std::string& path);

// Writes to a temporary file beside `path`, then renames it over `path`. On failure the temporary
// is removed and `path` is left as it was.
void write_file_atomic(const std::string& path, std::span<const std::uint8_t> bytes);

// Lower-case extension without the dot ("jpg"), or "" when there is none.
std::string file_extension(const std::string& path);

}  // namespace imgbench
