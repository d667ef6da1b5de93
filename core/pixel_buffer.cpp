#include "core/pixel_buffer.hpp"

#include <sys/mman.h>

#include <cstdlib>
#include <cstring>
#include <new>
#include <utility>

namespace imgbench {
namespace {

constexpr std::size_t kHugePage = 2u << 20;
constexpr std::size_t kHugeThreshold = 4u << 20;  // as NumPy: huge pages from 4 MiB up
constexpr std::size_t kCacheMin = 256u << 10;
constexpr std::size_t kCacheMax = 256u << 20;

struct Block {
  std::uint8_t* data = nullptr;
  std::size_t capacity = 0;
};

// One recently freed block per thread, freed for good when the thread ends. The block itself is
// trivially destructible and stays usable until the thread is gone; an owner object frees it at
// thread exit and closes the spare, so that a buffer freed even later (a static destroyed at
// process exit) is simply freed. (Clearing a member inside the destructor of the spare itself is
// not enough: the optimiser drops stores to an object whose lifetime is ending, which left a
// dangling spare that was freed twice.)
thread_local Block spare;
thread_local bool spare_closed = false;
struct SpareOwner {
  ~SpareOwner() {
    std::free(spare.data);
    spare = {};
    spare_closed = true;
  }
};
thread_local SpareOwner spare_owner;

// Registers the owner's destructor for this thread (thread_locals are built on first use).
void open_spare() {
  [[maybe_unused]] SpareOwner* owner = &spare_owner;
}

std::size_t round_up(std::size_t size, std::size_t alignment) {
  return (size + alignment - 1) / alignment * alignment;
}

Block allocate(std::size_t size) {
  // A spare block that fits without wasting more than half of itself.
  if (spare.data && spare.capacity >= size && spare.capacity / 2 <= size) {
    return std::exchange(spare, Block{});
  }
  if (size < kHugeThreshold) {
    void* memory = std::malloc(size);
    if (!memory) throw std::bad_alloc();
    return {static_cast<std::uint8_t*>(memory), size};
  }
  const std::size_t rounded = round_up(size, kHugePage);
  void* memory = std::aligned_alloc(kHugePage, rounded);
  if (!memory) throw std::bad_alloc();
#ifdef MADV_HUGEPAGE
  ::madvise(memory, rounded, MADV_HUGEPAGE);  // a hint: the kernel may ignore it
#endif
  return {static_cast<std::uint8_t*>(memory), rounded};
}

void deallocate(Block block) {
  if (!spare_closed && block.capacity >= kCacheMin && block.capacity <= kCacheMax) {
    open_spare();
    std::swap(block, spare);
  }
  std::free(block.data);  // the block that did not become the spare
}

}  // namespace

PixelBuffer::PixelBuffer(std::size_t size, Fill fill) {
  if (size == 0) return;
  const Block block = allocate(size);
  data_ = block.data;
  capacity_ = block.capacity;
  size_ = size;
  if (fill == Fill::zero) std::memset(data_, 0, size);
}

PixelBuffer::~PixelBuffer() {
  release();
}

void PixelBuffer::release() {
  if (data_) deallocate({data_, capacity_});
  data_ = nullptr;
  size_ = capacity_ = 0;
}

PixelBuffer::PixelBuffer(const PixelBuffer& other) : PixelBuffer(other.size_, Fill::none) {
  if (size_) std::memcpy(data_, other.data_, size_);
}

PixelBuffer& PixelBuffer::operator=(const PixelBuffer& other) {
  if (this != &other) *this = PixelBuffer(other);
  return *this;
}

PixelBuffer::PixelBuffer(PixelBuffer&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      capacity_(std::exchange(other.capacity_, 0)) {}

PixelBuffer& PixelBuffer::operator=(PixelBuffer&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
    capacity_ = std::exchange(other.capacity_, 0);
  }
  return *this;
}

}  // namespace imgbench
