#pragma once
// The verify table (text, streamed row by row) and its JSON form.
#include <ostream>
#include <vector>

#include "verify/verifier.hpp"

namespace imgbench::verify {

void print_table_header(std::ostream& out);
void print_table_row(std::ostream& out, const Outcome& outcome);
// Counts per status, and the problems (canonical FAIL/ERROR, variants that passed).
void print_summary(std::ostream& out, const std::vector<Outcome>& outcomes);

// {"outcomes": [...]} with every field of every outcome; PSNR inf written as the string "inf".
void write_json(std::ostream& out, const std::vector<Outcome>& outcomes);

std::string format_psnr(double psnr);  // "inf", "-inf", "n/a" or "%.2f"

}  // namespace imgbench::verify
