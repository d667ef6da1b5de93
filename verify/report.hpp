#pragma once
// The verify table (text, streamed row by row) and its JSON form.
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "verify/verifier.hpp"

namespace imgbench::verify {

void print_table_header(std::ostream& out);
void print_table_row(std::ostream& out, const Outcome& outcome);
// Counts per status, and the problems (see find_problems()).
void print_summary(std::ostream& out, const Report& report);

// {"format_version": 2, "context": {...}, "outcomes": [...], "agreements": [...]}: every field of
// every outcome (and its whole verdict, as the benchmarks' result files carry it), and the pairwise
// agreement between libraries; PSNR inf written as the string "inf".
inline constexpr int kVerifyFormatVersion = 2;
// `context`: (key, value) pairs describing the run (machine, build, commit, library versions),
// written first as the "context" object.
using JsonContext = std::vector<std::pair<std::string, std::string>>;
void write_json(std::ostream& out, const Report& report, const JsonContext& context = {});

std::string format_psnr(double psnr);  // "inf", "-inf", "n/a" or "%.2f"

}  // namespace imgbench::verify
