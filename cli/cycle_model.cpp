#include "cli/cycle_model.hpp"

#include <unistd.h>
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "core/file_io.hpp"
#include "core/subprocess.hpp"

namespace imgbench::cli {
namespace {

namespace fs = std::filesystem;

// The A64 extensions the emulated CPUs may run (qemu's max has them all): llvm-mc must decode,
// and llvm-mca parse, every instruction the plugin saw, whichever CPU model times it.
constexpr const char* kAttributes =
    "+v8.5a,+sve2,+sve2-bitperm,+fullfp16,+fp16fml,+dotprod,+crypto,+sha3,+sm4,+rcpc,+lse,"
    "+i8mm,+bf16,+rdm";
// The iterations of each block's loop: enough for a steady state, few enough to stay fast.
constexpr int kIterations = 100;

// Runs `command` through the shell (its warnings to /dev/null: llvm-mca warns for every block
// that returns) and returns what it printed. Error naming the command if it fails.
std::string output_of(const std::string& command) {
  const ChildOutcome outcome = run_child({"/bin/sh", "-c", command + " 2>/dev/null"},
                                         std::chrono::minutes(10), std::chrono::minutes(10));
  if (!outcome.exited_normally() || outcome.exit_status != 0) {
    throw Error("the cycle model: `" + command + "` failed (" + outcome.describe() + ")");
  }
  return outcome.output;
}

std::string trim(std::string text) {
  const auto first = text.find_first_not_of(" \t");
  const auto last = text.find_last_not_of(" \t\r\n");
  return first == std::string::npos ? "" : text.substr(first, last - first + 1);
}

std::vector<std::string> words_of(const std::string& block) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i + 8 <= block.size(); i += 8) words.push_back(block.substr(i, 8));
  return words;
}

// A temporary file holding `text`, removed with its owner.
struct TempFile {
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/imgbench-mca-XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) throw Error("the cycle model: cannot make a temporary file");
    close(fd);
    path = name;
    std::ofstream(path) << text;
  }
  ~TempFile() { std::remove(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  std::string path;
};

// Each word's instruction, from one llvm-mc call: "0x.. 0x.. 0x.. 0x.." a line in, and each
// decoded instruction out with its encoding, by which it is matched (a word llvm-mc cannot decode
// has no line, and no instruction here).
std::map<std::string, std::string> disassemble(const std::string& mc,
                                               const std::set<std::string>& words) {
  std::string input;
  for (const auto& word : words) {
    for (std::size_t i = 0; i < 8; i += 2) input += "0x" + word.substr(i, 2) + (i < 6 ? " " : "\n");
  }
  const TempFile file(input);
  const std::string listing = output_of(
      mc + " --disassemble -triple=aarch64 -mattr=" + kAttributes + " -show-encoding " + file.path);
  std::map<std::string, std::string> instructions;
  std::istringstream lines(listing);
  for (std::string line; std::getline(lines, line);) {
    const auto marker = line.find("// encoding: [");
    if (marker == std::string::npos) continue;
    std::string encoding;
    for (std::size_t i = line.find("0x", marker); i != std::string::npos;
         i = line.find("0x", i + 2)) {
      encoding += line.substr(i + 2, 2);
    }
    instructions[encoding] = trim(line.substr(0, marker));
  }
  return instructions;
}

// Cycles per iteration of each region "b<index>" of an llvm-mca summary.
std::map<std::size_t, double> region_cycles(const std::string& summary) {
  std::map<std::size_t, double> cycles;
  std::istringstream lines(summary);
  std::size_t region = 0;
  double iterations = 0;
  for (std::string line; std::getline(lines, line);) {
    if (const auto at = line.find("Code Region - b"); at != std::string::npos) {
      region = std::stoul(line.substr(at + 15));
    } else if (line.rfind("Iterations:", 0) == 0) {
      iterations = std::stod(line.substr(11));
    } else if (line.rfind("Total Cycles:", 0) == 0 && iterations > 0) {
      cycles[region] = std::stod(line.substr(13)) / iterations;
    }
  }
  return cycles;
}

std::string cache_directory() {
  if (const char* dir = std::getenv("IMGBENCH_CACHE"); dir && *dir) return dir;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "/tmp") + "/.cache/imgbench";
}

}  // namespace

CycleModel::CycleModel(std::string mca, std::string mcpu)
    : mca_(std::move(mca)), mcpu_(std::move(mcpu)) {
  mc_ = mca_;
  const auto at = mc_.rfind("llvm-mca");
  if (at == std::string::npos) throw Error("the cycle model: '" + mca_ + "' is not an llvm-mca");
  mc_.replace(at, 8, "llvm-mc");
  std::istringstream lines(output_of(mca_ + " --version"));
  for (std::string line; std::getline(lines, line);) {
    if (const auto v = line.find("LLVM version "); v != std::string::npos) {
      version_ = trim(line.substr(v + 13));
    }
  }
  if (version_.empty()) throw Error("the cycle model: `" + mca_ + " --version` names no version");
  cache_file_ = fs::path(cache_directory()) / ("llvm-mca-" + version_ + "-" + mcpu_ + ".tsv");
  std::ifstream cache(cache_file_);
  std::string block;
  double estimate = 0;
  while (cache >> block >> estimate) cycles_[block] = estimate;
}

void CycleModel::prepare(const std::set<std::string>& blocks) {
  std::vector<std::string> missing;
  std::set<std::string> words;
  for (const auto& block : blocks) {
    if (cycles_.contains(block)) continue;
    missing.push_back(block);
    for (const auto& word : words_of(block)) words.insert(word);
  }
  if (missing.empty()) return;
  const std::map<std::string, std::string> instructions = disassemble(mc_, words);
  std::string regions;
  std::vector<std::size_t> modelled;  // indices into `missing`
  for (std::size_t i = 0; i < missing.size(); ++i) {
    std::string body;
    for (const auto& word : words_of(missing[i])) {
      if (const auto found = instructions.find(word); found != instructions.end()) {
        body += "\t" + found->second + "\n";
      }
    }
    // A block of nothing llvm-mc decodes (data qemu ran as code does not occur; an instruction
    // newer than LLVM 19 may): one cycle an instruction.
    if (body.empty()) {
      cycles_[missing[i]] = static_cast<double>(words_of(missing[i]).size());
      continue;
    }
    const std::string name = "b" + std::to_string(i);
    regions += "# LLVM-MCA-BEGIN " + name + "\n" + body + "# LLVM-MCA-END " + name + "\n";
    modelled.push_back(i);
  }
  if (!modelled.empty()) {
    const TempFile file(regions);
    const std::map<std::size_t, double> cycles = region_cycles(output_of(
        mca_ + " -mtriple=aarch64 -mcpu=" + mcpu_ + " -mattr=" + kAttributes +
        " --skip-unsupported-instructions=any -iterations=" + std::to_string(kIterations) +
        " -all-views=false -summary-view " + file.path));
    for (const std::size_t i : modelled) {
      const auto found = cycles.find(i);
      // A block whose every instruction llvm-mca skipped: one cycle an instruction, as above.
      cycles_[missing[i]] =
          found != cycles.end() ? found->second : static_cast<double>(words_of(missing[i]).size());
    }
  }
  std::ostringstream cache;
  cache.precision(17);
  for (const auto& [block, estimate] : cycles_) cache << block << "\t" << estimate << "\n";
  const std::string text = cache.str();
  fs::create_directories(cache_file_.parent_path());
  write_file_atomic(cache_file_.string(),
                    {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

double CycleModel::cycles(const std::string& block) const {
  const auto found = cycles_.find(block);
  if (found == cycles_.end()) throw Error("the cycle model: a block was not prepared");
  return found->second;
}

std::string CycleModel::describe() const {
  return "llvm-mca " + version_ + " -mcpu=" + mcpu_ +
         ": each executed block's cycles as a steady loop (every load an L1 hit, every branch "
         "predicted) times its executions; an estimate, not a measurement";
}

}  // namespace imgbench::cli
