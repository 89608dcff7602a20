#include "bench_data.hpp"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include "api/metadata_decoder.hpp"
#include "api/page_decoder.hpp"
#include "report/entry_store.hpp"
#include "report/report_builder.hpp"
#include "reportgen/config.hpp"

namespace reportgen::bench {

namespace {
bool small() {
    const char* v = std::getenv("REPORTGEN_BENCH_SMALL");
    return v != nullptr && *v != '\0' && *v != '0';
}
}  // namespace

Company::Company(bool fat)
    : data(
          mockapi::DatasetShape{42, small() ? 300 : 3000, small() ? 7 : 31, CivilDate{2024, 1, 1}}),
      renderer(data, fat),
      view(std::make_unique<mockapi::View>()) {
    view->filter.from = data.first_day();
    view->filter.to = data.last_day();
    view->filter.only = mockapi::OnlyReturn::all;
    view->key = view->filter.key();
    view->base = data.select(view->filter);
}

std::size_t Company::pages(uint64_t limit) const {
    return (view->total(false) + limit - 1) / limit;
}

std::string Company::page(uint64_t page, uint64_t limit) const {
    return renderer.render_entries_page(*view, false, page, limit);
}

ReferenceData Company::reference() const {
    ReferenceData ref;
    decode_check_types(mockapi::PageRenderer::render_list(renderer.check_type_items(), 1, 1000),
                       "check-types", ref.check_types);
    decode_work_breaks(mockapi::PageRenderer::render_list(renderer.work_break_items(), 1, 1000),
                       "work-breaks", ref.work_breaks);
    decode_collections(mockapi::PageRenderer::render_list(renderer.collection_items(), 1, 1000),
                       "collections", ref.collections);
    for (std::size_t i = 0; i < ref.collections.size(); ++i)
        ref.collections[i].check_type_ids =
            decode_collection_check_types(renderer.render_collection_detail(i), "collection");
    return ref;
}

const Company& lean_company() {
    static const Company c(false);
    return c;
}
const Company& fat_company() {
    static const Company c(true);
    return c;
}

namespace {
std::vector<std::string> render(const Company& c, std::size_t n) {
    std::vector<std::string> out;
    for (std::size_t p = 1; p <= n && p <= c.pages(); ++p)
        out.push_back(c.page(p));
    return out;
}
}  // namespace

const std::vector<std::string>& lean_pages(std::size_t n) {
    static const std::vector<std::string> pages = render(lean_company(), n);
    return pages;
}
const std::vector<std::string>& fat_pages(std::size_t n) {
    static const std::vector<std::string> pages = render(fat_company(), n);
    return pages;
}

const Decoded& lean_month() {
    static const Decoded d = [] {
        Decoded d;
        const Company& c = lean_company();
        PageDecoder decoder;
        for (std::size_t p = 1; p <= c.pages(); ++p) {
            std::string body = c.page(p);
            decoder.decode(body, static_cast<int>(p), d.employees, d.check_types, d.break_types,
                           d.entries);
        }
        return d;
    }();
    return d;
}

const RowTape& lean_month_rows() {
    static const RowTape tape = [] {
        RowTape t;
        const Company& c = lean_company();
        const ReferenceData ref = c.reference();
        ReportRequest req;
        req.from = {2024, 1, 1};
        req.to = {2024, 1, 31};
        EntryStore store(req.memory_budget_bytes, "");
        // The builder resolves employees and check types through the store's
        // own tables, so the pages are decoded into them.
        PageDecoder decoder;
        std::vector<WorkEntry> batch;
        for (std::size_t p = 1; p <= c.pages(); ++p) {
            std::string body = c.page(p);
            batch.clear();
            decoder.decode(body, static_cast<int>(p), store.employees(), store.check_types(),
                           store.break_types(), batch);
            store.add(batch);
        }
        Metrics m;
        ReportBuilder(req, ref).build(store, t, m);
        return t;
    }();
    return tape;
}

TempPath::TempPath(std::string_view suffix) {
    const char* dir = std::getenv("TMPDIR");
    std::string tmpl = std::string(dir && *dir ? dir : "/tmp") + "/reportgen-bench-XXXXXX";
    tmpl += suffix;
    const int fd = ::mkstemps(tmpl.data(), static_cast<int>(suffix.size()));
    if (fd >= 0) ::close(fd);
    path_ = tmpl;
}

TempPath::~TempPath() {
    std::remove(path_.c_str());
}

}  // namespace reportgen::bench
