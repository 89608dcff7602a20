#pragma once
// Sorts more records than the memory budget holds: records collect in memory,
// and each time the budget fills they are sorted and spilled as a run to an
// anonymous temporary file; drain() merges the runs (and the last in-memory
// run) with a k-way heap. Records must be trivially copyable.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <queue>
#include <string>
#include <type_traits>
#include <vector>

#include "report/record_buffer.hpp"
#include "report/temp_file.hpp"
#include "reportgen/error.hpp"

namespace reportgen::detail {

template <class T, class Less>
class ExternalSorter {
    static_assert(std::is_trivially_copyable_v<T>);

  public:
    ExternalSorter(std::size_t budget_bytes, std::string spill_dir, Less less = {})
        : cap_(std::max<std::size_t>(budget_bytes / sizeof(T), 1024)),
          dir_(std::move(spill_dir)),
          less_(less) {}

    void push(const T& v) {
        if (buf_.size() == cap_) spill();
        if (buf_.capacity() < cap_) buf_.reserve(cap_);  // untouched pages cost no RSS
        buf_.push_back(v);
        ++count_;
    }
    std::size_t size() const noexcept { return count_; }
    std::size_t spilled_runs() const noexcept { return runs_.size(); }
    std::size_t in_memory() const noexcept { return buf_.size(); }  // records not spilled

    // Spills the records still in memory as one more run (when there are
    // any) and frees the buffer: drain() then merges from the files alone,
    // with a read buffer per run, and the memory is free for what the
    // caller builds while draining.
    void spill_all() {
        if (!buf_.empty()) spill();
        buf_.release();
    }

    // Calls fn(const T&) for every record in order; the sorter is empty after.
    template <class Fn>
    void drain(Fn&& fn) {
        std::sort(buf_.begin(), buf_.end(), less_);
        if (runs_.empty()) {
            for (const T& v : buf_)
                fn(v);
        } else {
            merge(fn);
        }
        buf_.release();
        runs_.clear();
        count_ = 0;
    }

  private:
    static constexpr std::size_t kReadBatch = 64 * 1024 / sizeof(T) + 1;

    struct Run {
        FilePtr file;
        std::vector<T> buf;
        std::size_t pos = 0;
        bool refill(const std::string& what) {
            buf.resize(kReadBatch);
            const std::size_t n = std::fread(buf.data(), sizeof(T), kReadBatch, file.get());
            if (n == 0 && std::ferror(file.get())) throw io_error("cannot read back " + what);
            buf.resize(n);
            pos = 0;
            return n > 0;
        }
    };

    void spill() {
        std::sort(buf_.begin(), buf_.end(), less_);
        Run run{anonymous_temp_file(dir_), {}, 0};
        if (std::fwrite(buf_.data(), sizeof(T), buf_.size(), run.file.get()) != buf_.size() ||
            std::fflush(run.file.get()) != 0)
            throw io_error("cannot write a sorted run to a temporary file (disk full?)");
        runs_.push_back(std::move(run));
        buf_.clear();
    }

    template <class Fn>
    void merge(Fn& fn) {
        // Sources: every spilled run, then the in-memory remainder.
        const std::size_t k = runs_.size();
        for (auto& r : runs_) {
            std::rewind(r.file.get());
            r.refill("a sorted run");
        }
        std::size_t mem_pos = 0;
        auto head = [&](std::size_t s) -> const T& {
            return s < k ? runs_[s].buf[runs_[s].pos] : buf_[mem_pos];
        };
        auto greater = [&](std::size_t a, std::size_t b) { return less_(head(b), head(a)); };
        std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(greater)> heap(greater);
        for (std::size_t s = 0; s < k; ++s)
            if (!runs_[s].buf.empty()) heap.push(s);
        if (!buf_.empty()) heap.push(k);
        while (!heap.empty()) {
            const std::size_t s = heap.top();
            heap.pop();
            fn(head(s));
            bool more;
            if (s < k) {
                Run& r = runs_[s];
                more = ++r.pos < r.buf.size() || r.refill("a sorted run");
            } else {
                more = ++mem_pos < buf_.size();
            }
            if (more) heap.push(s);
        }
    }

    std::size_t cap_;
    std::string dir_;
    Less less_;
    RecordBuffer<T> buf_;
    std::vector<Run> runs_;
    std::size_t count_ = 0;
};

}  // namespace reportgen::detail
