#pragma once
// Estimated cycles of the aarch64 build counted under emulation: each executed block's cycles as
// llvm-mca models them for one CPU (a steady loop of the block: every load an L1 hit, every
// branch predicted), times its executions, summed. A static model, pinned to one LLVM version
// (its models change between versions): an estimate to compare a build with itself, never a
// measurement of the board.
//
// The blocks come from qemu's counting plugin as their instruction bytes; llvm-mc disassembles
// them and llvm-mca models them, all blocks of a run in one call of each. Each block's estimate is
// cached by its bytes in $IMGBENCH_CACHE (default ~/.cache/imgbench), one file per LLVM version
// and CPU model, so that a run only models the blocks no run has met before.
#include <cstdint>
#include <filesystem>
#include <map>
#include <set>
#include <string>

namespace imgbench::cli {

class CycleModel {
 public:
  // `mca` is llvm-mca's command (e.g. "llvm-mca-19"), `mcpu` its -mcpu (cortex-a72 for the Pi 4,
  // neoverse-n1 for the Pi 5). Error when llvm-mca or its llvm-mc cannot be run.
  CycleModel(std::string mca, std::string mcpu);

  // Models every block of `blocks` (instruction bytes, hex) not yet known, and caches them.
  void prepare(const std::set<std::string>& blocks);
  // The cycles of one execution of a prepared block.
  double cycles(const std::string& block) const;
  // What the model is, for a run's context.
  std::string describe() const;

 private:
  std::string mca_, mc_, mcpu_, version_;
  std::filesystem::path cache_file_;
  std::map<std::string, double> cycles_;
};

}  // namespace imgbench::cli
