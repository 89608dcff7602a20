// Work-entries pages: the fast path (src/api/decode/fast_path.inl) reads
// pages shaped as the API sends them straight from their bytes, checking
// that they are JSON as it goes; any other page is validated whole and
// decoded by the On-Demand path (src/api/decode/ondemand_path.cpp), which
// also reports its errors. Both skip what the report does not use.
#include <simdjson.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "api/decode/common.hpp"
#include "api/decode/diagnostics.hpp"
#include "api/decode/fast_path.hpp"
#include "api/decode/intern_cache.hpp"
#include "api/decode/ondemand_path.hpp"
#include "api/page_decoder.hpp"
#include "api/page_decoder_knobs.hpp"
#include "report/work_entry.hpp"
#include "reportgen/error.hpp"
#include "reportgen/model.hpp"

namespace reportgen::detail {

std::atomic<bool> page_decoder_fast_path{true};
std::atomic<FastPageFn> page_decoder_fast_kernel{nullptr};
std::atomic<unsigned long> page_decoder_fast_pages{0};

static_assert(PageDecoder::padding >= simdjson::SIMDJSON_PADDING);

struct PageDecoder::Impl {
    simdjson::dom::parser validator;
    OnDemandPath ondemand;
    InternCache cache;
    TimestampParser timestamps;
    FastKernel fast = fast_kernel_for_this_cpu();
    // A page whose string has no room for simdjson's padding is copied here
    // (reused page after page) rather than grown in place: growing it would
    // allocate, copy and fault in a fresh buffer for every page.
    std::unique_ptr<char[]> padded;
    std::size_t padded_capacity = 0;

    DecodeStats stats;  // of the pages decoded so far

    // Adds a decoded page's counts, and those of its entries whose employee
    // has an identityNumberType docs/API.md does not name.
    void add(DecodeStats page, const EmployeeTable& employees, const std::vector<WorkEntry>& out,
             std::size_t first) {
        for (std::size_t i = first; i < out.size(); ++i)
            page.unknown_identity_types +=
                !known_identity_type(employees[out[i].employee].identity_type);
        stats += page;
    }

    simdjson::padded_string_view input(const std::string& body) {
        const std::size_t need = body.size() + simdjson::SIMDJSON_PADDING;
        if (body.capacity() >= need)
            return simdjson::padded_string_view(body.data(), body.size(), body.capacity());
        if (padded_capacity < need) {
            padded_capacity = std::max(need, padded_capacity + padded_capacity / 2);
            padded = std::make_unique_for_overwrite<char[]>(padded_capacity);
        }
        std::memcpy(padded.get(), body.data(), body.size());
        std::memset(padded.get() + body.size(), 0, simdjson::SIMDJSON_PADDING);
        return simdjson::padded_string_view(padded.get(), body.size(), padded_capacity);
    }

    // The fast path over the whole page: true with the page decoded.
    bool try_fast(const simdjson::padded_string_view& in, int page, EmployeeTable& employees,
                  CheckTypeRefs& check_types, BreakTypeRefs& break_types, EntryTraces* traces,
                  std::vector<WorkEntry>& out, PageMeta& meta) {
        // The fast path checks the grammar of what it skips itself; the
        // UTF-8 is checked here (simdjson picks the CPU's kernel at run time).
        if (!simdjson::validate_utf8(in.data(), in.size())) return false;
        const std::size_t before = out.size();
        const std::size_t traces_before = traces ? traces->items.size() : 0;
        DecodeStats page_stats;
        FastContext ctx{page,  employees,  check_types, break_types, traces,
                        cache, timestamps, out,         meta,        page_stats};
        const FastPageFn forced = page_decoder_fast_kernel.load(std::memory_order_relaxed);
        if ((forced ? forced : fast.run)(in.data(), in.data() + in.size(), ctx)) {
            add(page_stats, employees, out, before);
            page_decoder_fast_pages.fetch_add(1, std::memory_order_relaxed);
            return true;
        }
        out.resize(before);
        if (traces) traces->items.resize(traces_before);
        return false;
    }
};

PageDecoder::PageDecoder() : impl_(std::make_unique<Impl>()) {
#if defined(REPORTGEN_DECODER_NATIVE)
    if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("bmi2"))
        throw usage_error(
            "this reportgen's page decoder was built for the build machine's CPU "
            "(-DREPORTGEN_DECODER_ARCH=native); rebuild with the default (portable)");
#endif
}
PageDecoder::~PageDecoder() = default;

PageMeta PageDecoder::decode(std::string& body, int page, EmployeeTable& employees,
                             CheckTypeRefs& check_types, BreakTypeRefs& break_types,
                             std::vector<WorkEntry>& out, EntryTraces* traces) {
    impl_->cache.bind(employees, check_types);
    // Sizes recorded on every exit, errors included: a table that shrinks
    // later is not the one the cache remembers.
    struct Record {
        InternCache& cache;
        const EmployeeTable& employees;
        const CheckTypeRefs& check_types;
        ~Record() { cache.remember_sizes(employees, check_types); }
    } record{impl_->cache, employees, check_types};
    const simdjson::padded_string_view input = impl_->input(body);

    PageMeta meta;
    if (page_decoder_fast_path.load(std::memory_order_relaxed) &&
        impl_->try_fast(input, page, employees, check_types, break_types, traces, out, meta))
        return meta;
    // A page that is not JSON (trailing content, a second page glued on, a
    // malformed value in a skipped field) must not pass: On-Demand reads
    // only what it visits, so the page is validated whole first, with
    // simdjson's DOM parser (dispatched at run time to the CPU's kernel).
    if (auto e = impl_->validator.parse(input.data(), input.size(), false).error())
        fail_not_json(Where{page}, body, e == simdjson::UTF8_ERROR, simdjson::error_message(e));
    const std::size_t before = out.size();
    DecodeStats page_stats;
    meta = impl_->ondemand.decode(input.data(), input.size(), input.capacity(), page, employees,
                                  check_types, break_types, traces, impl_->cache,
                                  impl_->timestamps, out, page_stats);
    impl_->add(page_stats, employees, out, before);
    return meta;
}

const DecodeStats& PageDecoder::stats() const noexcept {
    return impl_->stats;
}

}  // namespace reportgen::detail
