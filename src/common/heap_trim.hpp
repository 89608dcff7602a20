#pragma once
// Gives the C library's freed heap memory back to the system. Process-wide,
// so a report does it only when its request asks
// (ReportRequest::release_memory_after_fetch; the CLI does).

namespace reportgen::detail {

// glibc's malloc_trim(0), one call at a time in the process: a call made
// while another thread trims returns at once (that trim covers every arena).
// No-op without glibc.
void release_free_heap();

// How many times release_free_heap() was called in this process: the tests'
// view of whether ReportRequest::release_memory_after_fetch was honoured.
unsigned long heap_release_calls() noexcept;

}  // namespace reportgen::detail
