#include "common/heap_trim.hpp"

// <malloc.h> first: it defines __GLIBC__, which the code below tests.
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

#include <atomic>
#include <mutex>

namespace reportgen::detail {

namespace {
std::atomic<unsigned long> g_release_calls{0};
}  // namespace

unsigned long heap_release_calls() noexcept {
    return g_release_calls.load(std::memory_order_relaxed);
}

void release_free_heap() {
    g_release_calls.fetch_add(1, std::memory_order_relaxed);
#if defined(__GLIBC__)
    // One trim at a time, process-wide. When glibc's malloc is not the
    // process's allocator (ASan, a host linking jemalloc or tcmalloc), glibc's
    // heap is set up lazily by the first malloc_trim, and that set-up is not
    // thread-safe: concurrent first calls from a batch's workers each attach
    // their thread to the main arena, and the second of them to exit aborts
    // in __malloc_arena_thread_freeres (or a trim walks the half-made arena
    // and crashes). Serialising the calls makes the set-up run once.
    static std::mutex trimming;
    const std::unique_lock lock(trimming, std::try_to_lock);
    if (lock.owns_lock()) ::malloc_trim(0);
#endif
}

}  // namespace reportgen::detail
