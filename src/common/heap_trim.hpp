#pragma once
// Gives the C library's freed heap memory back to the system.

namespace reportgen::detail {

// glibc's malloc_trim(0), one call at a time in the process: a call made
// while another thread trims returns at once (that trim covers every arena).
// No-op without glibc.
void release_free_heap();

}  // namespace reportgen::detail
