#pragma once
// Per-thread working memory for the kernels' intermediate rows. Allocating a fresh ring of rows
// on every call costs page faults and zeroing: a quarter of a 4096x2048 blur. Each thread keeps
// its buffers (64-byte aligned, contents undefined) and grows them when a call needs more; they
// live as long as the thread, bounded by the largest call it made.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>

namespace imgbench::kernels::detail {

class Scratch {
 public:
  std::int16_t* get(std::size_t count) {
    if (count > capacity_) {
      data_.reset(static_cast<std::int16_t*>(
          ::operator new (count * sizeof(std::int16_t), std::align_val_t{kAlignment})));
      capacity_ = count;
    }
    return data_.get();
  }

 private:
  static constexpr std::size_t kAlignment = 64;
  struct Free {
    void operator()(std::int16_t* p) const { ::operator delete (p, std::align_val_t{kAlignment}); }
  };
  std::unique_ptr<std::int16_t, Free> data_;
  std::size_t capacity_ = 0;
};

// The buffers a kernel call may hold at once: the ring of intermediate rows, one widened row and
// one scratch row (rotate's staging buffer).
enum class ScratchSlot { ring, row, spare };

inline std::int16_t* scratch(ScratchSlot slot, std::size_t count) {
  thread_local Scratch buffers[3];
  return buffers[static_cast<int>(slot)].get(count);
}

// The distance between intermediate rows in a ring, in int16: an odd number of 64-byte lines. A
// vertical pass reads many rows at the same offset; with an even number of lines (a width of 2048
// or 4096 RGB pixels) those rows fall into a few L1 sets and evict each other: a blur ran 4x
// slower.
inline std::size_t ring_row_stride(std::size_t samples) {
  constexpr std::size_t line = 64 / sizeof(std::int16_t);
  std::size_t lines = (samples + line - 1) / line;
  if (lines % 2 == 0) ++lines;
  return lines * line;
}

}  // namespace imgbench::kernels::detail
