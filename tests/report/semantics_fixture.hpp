#pragma once
// The report of the semantics fixtures (tests/fixtures/report/semantics_page*.json,
// 2024-01-10 … 2024-01-12), decoded page by page as the engines do, into any sink.
#include <string>
#include <vector>

#include "api/metadata_decoder.hpp"
#include "api/page_decoder.hpp"
#include "report/entry_store.hpp"
#include "report/report_builder.hpp"
#include "report/work_entry.hpp"
#include "reportgen/model.hpp"
#include "support/capture_sink.hpp"

namespace reportgen::test {

using namespace reportgen::detail;  // the internals under test

inline ReferenceData semantics_reference() {
    ReferenceData ref;
    decode_check_types(fixture("report/check_types.json"), "check-types page 1", ref.check_types);
    decode_collections(fixture("report/collections.json"), "collections page 1", ref.collections);
    for (auto& c : ref.collections)
        c.check_type_ids =
            decode_collection_check_types(fixture("report/collection_" + c.id + ".json"), c.id);
    return ref;
}

template <class Sink>
struct FixtureReport {
    Sink sink;
    Metrics metrics;
};

template <class Sink = CaptureSink>
FixtureReport<Sink> semantics_report(Layout layout, Lang lang = Lang::es,
                                     std::size_t budget = 24u << 20, bool reverse_pages = false) {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 12};
    req.layout = layout;
    req.lang = lang;
    req.memory_budget_bytes = budget;
    EntryStore store(budget, "");
    PageDecoder decoder;
    std::vector<WorkEntry> entries;
    std::vector<int> pages = {1, 2};
    if (reverse_pages) pages = {2, 1};
    for (int p : pages) {
        std::string body = fixture("report/semantics_page" + std::to_string(p) + ".json");
        entries.clear();
        decoder.decode(body, p, store.employees(), store.check_types(), store.break_types(),
                       entries);
        store.add(entries);
    }
    FixtureReport<Sink> b;
    const ReferenceData ref = semantics_reference();
    ReportBuilder(req, ref).build(store, b.sink, b.metrics);
    return b;
}

}  // namespace reportgen::test
