#pragma once
// Sorts more records than the memory budget holds: records collect in memory
// and are sorted a chunk at a time as they arrive (an eighth of the buffer),
// so that the sorting happens on the thread that pushes (the decode worker,
// while the network runs) rather than after the last record; each time the
// budget fills, the chunks are merged into a run in an anonymous temporary
// file. drain() merges the runs and the chunks still in memory with a k-way
// heap. Records must be trivially copyable.
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
          chunk_(std::max<std::size_t>(cap_ / 8, 1024)),
          dir_(std::move(spill_dir)),
          less_(less) {}

    void push(const T& v) {
        if (buf_.size() == cap_) spill();
        if (buf_.capacity() < cap_) buf_.reserve(cap_);  // untouched pages cost no RSS
        buf_.push_back(v);
        ++count_;
        if (buf_.size() - sorted_ == chunk_) seal_chunk();
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
        seal_chunk();
        if (runs_.empty() && chunks_.size() <= 1) {
            for (const T& v : buf_)
                fn(v);
        } else {
            merge(fn, true);
        }
        buf_.release();
        chunks_.clear();
        sorted_ = 0;
        runs_.clear();
        count_ = 0;
    }

  private:
    static constexpr std::size_t kBatch = 64 * 1024 / sizeof(T) + 1;

    struct Run {
        FilePtr file;
        std::vector<T> buf;
        std::size_t pos = 0;
        bool refill(const std::string& what) {
            buf.resize(kBatch);
            const std::size_t n = std::fread(buf.data(), sizeof(T), kBatch, file.get());
            if (n == 0 && std::ferror(file.get())) throw io_error("cannot read back " + what);
            buf.resize(n);
            pos = 0;
            return n > 0;
        }
    };

    // Sorts the records pushed since the last chunk as one more chunk.
    void seal_chunk() {
        if (sorted_ == buf_.size()) return;
        std::sort(buf_.begin() + sorted_, buf_.end(), less_);
        chunks_.push_back(sorted_);
        sorted_ = buf_.size();
    }

    void spill() {
        seal_chunk();
        Run run{anonymous_temp_file(dir_), {}, 0};
        auto fail = [] {
            throw io_error("cannot write a sorted run to a temporary file (disk full?)");
        };
        if (chunks_.size() == 1) {
            if (std::fwrite(buf_.data(), sizeof(T), buf_.size(), run.file.get()) != buf_.size())
                fail();
        } else {
            std::vector<T> out;
            out.reserve(kBatch);
            auto flush = [&] {
                if (std::fwrite(out.data(), sizeof(T), out.size(), run.file.get()) != out.size())
                    fail();
                out.clear();
            };
            merge(
                [&](const T& v) {
                    out.push_back(v);
                    if (out.size() == kBatch) flush();
                },
                false);
            flush();
        }
        if (std::fflush(run.file.get()) != 0) fail();
        runs_.push_back(std::move(run));
        buf_.clear();
        chunks_.clear();
        sorted_ = 0;
    }

    // K-way merge of the in-memory chunks and, with `with_runs`, the spilled
    // runs (every chunk sealed).
    template <class Fn>
    void merge(Fn&& fn, bool with_runs) {
        const std::size_t k = with_runs ? runs_.size() : 0;
        if (with_runs)
            for (auto& r : runs_) {
                std::rewind(r.file.get());
                r.refill("a sorted run");
            }
        // Chunk j spans [pos[j], end[j]) of the buffer.
        std::vector<std::size_t> pos(chunks_.begin(), chunks_.end()), end(chunks_.size());
        for (std::size_t j = 0; j < chunks_.size(); ++j)
            end[j] = j + 1 < chunks_.size() ? chunks_[j + 1] : buf_.size();
        auto head = [&](std::size_t s) -> const T& {
            return s < k ? runs_[s].buf[runs_[s].pos] : buf_[pos[s - k]];
        };
        auto greater = [&](std::size_t a, std::size_t b) { return less_(head(b), head(a)); };
        std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(greater)> heap(greater);
        for (std::size_t s = 0; s < k; ++s)
            if (!runs_[s].buf.empty()) heap.push(s);
        for (std::size_t j = 0; j < chunks_.size(); ++j)
            if (pos[j] < end[j]) heap.push(k + j);
        while (!heap.empty()) {
            const std::size_t s = heap.top();
            heap.pop();
            fn(head(s));
            bool more;
            if (s < k) {
                Run& r = runs_[s];
                more = ++r.pos < r.buf.size() || r.refill("a sorted run");
            } else {
                more = ++pos[s - k] < end[s - k];
            }
            if (more) heap.push(s);
        }
    }

    std::size_t cap_;
    std::size_t chunk_;  // records sorted at a time
    std::string dir_;
    Less less_;
    RecordBuffer<T> buf_;
    std::vector<std::size_t> chunks_;  // start of each sorted chunk in buf_
    std::size_t sorted_ = 0;           // buf_[0, sorted_) is made of sorted chunks
    std::vector<Run> runs_;
    std::size_t count_ = 0;
};

}  // namespace reportgen::detail
