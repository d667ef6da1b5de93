#pragma once
// The result file of `imgbench bench --out FILE`: Google Benchmark's JSON, and beside each
// benchmark's numbers its case (case_record.hpp) and its verdict as fields, under a format
// version that readers check (reports/results_file.py).
#include <nlohmann/json.hpp>

#include <string>

#include "reference/verdict.hpp"

namespace imgbench::bench {

// 1: Google Benchmark's file with imgbench's context; 2: each benchmark's "case" and "verdict".
inline constexpr int kResultFormatVersion = 2;

// Reads Google Benchmark's file `from`, adds the format version and each benchmark's case and
// verdict, and writes `to` all at once (write_file_atomic).
void write_result_file(const std::string& from, const std::string& to);

}  // namespace imgbench::bench
