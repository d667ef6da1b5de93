#pragma once
// Owning pixel memory.
// * Large buffers (4 MiB and up) are 2 MiB aligned with transparent huge pages requested
//   (madvise), so that filling a fresh buffer costs one page fault per 2 MiB, not per 4 KiB;
//   NumPy does the same for its large arrays.
// * Each thread keeps its most recently freed large buffer (256 KiB to 256 MiB) and hands it out
//   again for a request of a similar size. Image pipelines allocate the same sizes over and
//   over; without this, every image pays for fresh zeroed pages from the kernel.
#include <cstddef>
#include <cstdint>

namespace imgbench {

class PixelBuffer {
 public:
  enum class Fill { zero, none };  // `none`: the caller writes every byte before reading any

  PixelBuffer() = default;
  PixelBuffer(std::size_t size, Fill fill);
  ~PixelBuffer();
  PixelBuffer(const PixelBuffer& other);
  PixelBuffer& operator=(const PixelBuffer& other);
  PixelBuffer(PixelBuffer&& other) noexcept;
  PixelBuffer& operator=(PixelBuffer&& other) noexcept;

  std::uint8_t* data() { return data_; }
  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  void release();

  std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;  // what was allocated (>= size_)
};

}  // namespace imgbench
