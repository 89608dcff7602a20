#pragma once
// Storage of the sorters' in-memory runs: one block of anonymous memory for
// the whole budget, 2 MiB aligned, with transparent huge pages asked for
// (madvise; a no-op where THP is off). Pages are still only backed when
// first touched, so a small report costs little, but a full budget is
// backed by a dozen 2 MiB faults instead of thousands of 4 KiB ones: on
// virtual machines where each fault traps to the hypervisor that is the
// difference between ~0.35 GB/s and >10 GB/s of first touches (BENCHMARKS.md).
// Small blocks come from the heap: a huge page there would cost 2 MiB of RSS.
#include <sys/mman.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace reportgen::detail {

template <class T>
class RecordBuffer {
    static_assert(std::is_trivially_copyable_v<T>);

  public:
    RecordBuffer() = default;
    ~RecordBuffer() { release(); }
    RecordBuffer(const RecordBuffer&) = delete;
    RecordBuffer& operator=(const RecordBuffer&) = delete;
    RecordBuffer(RecordBuffer&& o) noexcept { swap(o); }
    RecordBuffer& operator=(RecordBuffer&& o) noexcept {
        RecordBuffer tmp(std::move(o));
        swap(tmp);
        return *this;
    }

    // Room for n records (contents kept). Throws std::bad_alloc.
    void reserve(std::size_t n) {
        if (n <= cap_) return;
        RecordBuffer bigger;
        bigger.allocate(n);
        if (size_ > 0) std::memcpy(bigger.data_, data_, size_ * sizeof(T));
        bigger.size_ = size_;
        swap(bigger);
    }
    void push_back(const T& v) {
        if (size_ == cap_) reserve(cap_ ? cap_ * 2 : 1024);
        data_[size_++] = v;
    }
    void clear() noexcept { size_ = 0; }
    // Gives the memory back (unmapped or freed).
    void release() noexcept {
        if (map_ != nullptr) {
            ::munmap(map_, map_len_);
        } else {
            std::free(data_);
        }
        data_ = nullptr;
        map_ = nullptr;
        map_len_ = size_ = cap_ = 0;
    }

    T* data() noexcept { return data_; }
    const T* data() const noexcept { return data_; }
    T* begin() noexcept { return data_; }
    T* end() noexcept { return data_ + size_; }
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return cap_; }
    bool empty() const noexcept { return size_ == 0; }

    void swap(RecordBuffer& o) noexcept {
        std::swap(data_, o.data_);
        std::swap(size_, o.size_);
        std::swap(cap_, o.cap_);
        std::swap(map_, o.map_);
        std::swap(map_len_, o.map_len_);
    }

  private:
    static constexpr std::size_t kHuge = std::size_t{2} << 20;
    static constexpr std::size_t kMapAtLeast = 2 * kHuge;  // below: the heap

    void allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes >= kMapAtLeast) {
            // Over-map by one huge page to align the block on one.
            const std::size_t len = (bytes + kHuge - 1) / kHuge * kHuge + kHuge;
            void* p =
                ::mmap(nullptr, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED) throw std::bad_alloc();
            const auto base = reinterpret_cast<std::uintptr_t>(p);
            const std::uintptr_t aligned = (base + kHuge - 1) & ~(kHuge - 1);
#ifdef MADV_HUGEPAGE
            ::madvise(reinterpret_cast<void*>(aligned), len - (aligned - base), MADV_HUGEPAGE);
#endif
            map_ = p;
            map_len_ = len;
            data_ = reinterpret_cast<T*>(aligned);
        } else {
            data_ = static_cast<T*>(std::malloc(bytes));
            if (data_ == nullptr) throw std::bad_alloc();
        }
        cap_ = n;
    }

    T* data_ = nullptr;
    std::size_t size_ = 0;
    std::size_t cap_ = 0;
    void* map_ = nullptr;  // the mapping (data_ is inside it, aligned); null: heap
    std::size_t map_len_ = 0;
};

}  // namespace reportgen::detail
