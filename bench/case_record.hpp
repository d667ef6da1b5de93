#pragma once
// What each benchmark case is, as fields: its operations in their text form, its adapter, SIMD
// level, image and tolerance, and a definition version that changes whenever any of them does.
// The result file carries them beside Google Benchmark's numbers (result_file.hpp), so that no
// script parses a name, and the history never compares two different pieces of work.
#include <string>
#include <vector>

#include "reference/operations.hpp"
#include "reference/tolerances.hpp"

namespace imgbench::bench {

struct CaseRecord {
  // "operation", "cycle", "thumbnail", "crop-batch", "pipeline", "baseline", or "approximate": a
  // library's default call for an operation, or a shortcut for a sequence, timed with its PSNR
  // and never ranked with the canonical ones.
  std::string family;
  std::string label;               // the family's own name for it: "blur:sigma=4", "blur-area", ...
  std::vector<std::string> steps;  // the operations, in order, each in its text form
  std::string adapter;             // the adapter's name ("baseline" for memcpy)
  std::string level;               // the SIMD level switched to ("": the adapter's default)
  std::string path;                // a non-canonical path, e.g. "partial-decode" ("": canonical)
  std::string approximation;  // an approximate contender: the library default or shortcut it times
  std::string call;           // and that call as written, with why it differs from the canonical
  // Its kind: "library-default" (the call users write), "shortcut" (a faster route through a
  // sequence) or "by-design" (the library's only call, an approximation by design).
  std::string approximation_kind;
  std::string image;        // the input's name
  int workers = 1;          // threads of ours that run it
  std::string tolerance;    // describe(): the criteria its verification applies
  std::string verdict_key;  // the verdict it rests on (verdict_once); "": its name
  SpeedTarget target;       // what our kernel must reach on it (not part of the work)
};

// `text` as the result file can hold it (UTF-8): a byte that is not part of a valid UTF-8
// sequence becomes '?'. For names made of file names, which are bytes.
std::string printable(const std::string& text);

// "whole >= 48.00 dB, border band (8 px) >= 46.00 dB, worst tile >= 30.00 dB", or "exact".
std::string describe(const reference::Tolerance& tolerance);

// A stable hash (FNV-1a, 16 hex digits) of everything that defines the work: the family, steps,
// image, path, workers and tolerance. The adapter and level are the contender, not the work.
std::string definition_of(const CaseRecord& record);

// Kept for the result file: `name` as registered (without "/real_time").
void keep_record(const std::string& name, CaseRecord record);
// The record of a Google Benchmark run name ("<name>/real_time", "<name>/real_time_median"),
// or null.
const CaseRecord* record_of_run(const std::string& run_name);

}  // namespace imgbench::bench
