#pragma once
// Hand-written JSON for the API's answers. Work-entry pages are the hot path
// (a benchmark may ask for a million entries): entries render straight into
// one string, employee objects are rendered once per employee and copied.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "mockapi/dataset.hpp"

namespace reportgen::mockapi {

// The entries one query selects (EntryFilter), in listing order, and the
// drift entries that appear in front of them once page 1 is served.
struct View {
    EntryFilter filter;
    std::string key;             // filter.key(): pages are cached under it
    std::vector<uint32_t> base;  // indices into Dataset::entries()
    std::vector<Entry> drift;    // dated `drift_day`, sorted, all before base
    int64_t drift_day = 0;
    std::atomic<bool> drift_on{false};

    std::size_t total(bool with_drift) const noexcept {
        return base.size() + (with_drift ? drift.size() : 0);
    }
};

struct PageMeta {
    uint64_t current_page = 1;
    uint64_t last_page = 1;
    uint64_t total = 0;
    uint64_t per_page = 1;
};

// A fixed instant of the company's past (2019-2023), for the records'
// createdAt/updatedAt of metadata: days after 2019-01-01 plus a time of day.
int64_t past_instant(uint64_t h) noexcept;

// Laravel-style: lastPage is at least 1, also for an empty list.
PageMeta make_meta(uint64_t page, uint64_t limit, uint64_t total) noexcept;
void append_meta(std::string& out, const PageMeta& meta);

class PageRenderer {
  public:
    PageRenderer(const Dataset& data, bool fat);

    bool fat() const noexcept { return fat_; }
    void append_entry(std::string& out, const Entry& e, const Uuid& id) const;

    // {"data":[...],"meta":{...}} of one page of a view.
    std::string render_entries_page(const View& view, bool with_drift, uint64_t page,
                                    uint64_t limit) const;

    // Pre-rendered items of the small lists (check types, work breaks,
    // collections) and a paginator over them.
    const std::vector<std::string>& check_type_items() const noexcept { return check_types_; }
    const std::vector<std::string>& work_break_items() const noexcept { return work_breaks_; }
    const std::vector<std::string>& collection_items() const noexcept { return collections_; }
    static std::string render_list(const std::vector<std::string>& items, uint64_t page,
                                   uint64_t limit);
    // {"data":[{group..., "checkTypes":[{"id","name","color","icon"}]}],"meta":{...}}
    std::string render_collection_detail(std::size_t index) const;
    std::string render_info() const;
    // The company object of /core/v3/info, of the fat employee and of the
    // document's employee object.
    void append_company(std::string& out, bool ascii) const;

  private:
    void render_employee_lean(const Employee& e, std::string& out) const;
    void render_employee_fat(uint32_t index, const Employee& e, std::string& out) const;
    void append_clock(std::string& out, const Entry& e, int64_t utc, bool zulu,
                      bool clock_in) const;
    void append_check_type(std::string& out, const Entry& e) const;
    void append_collection_fields(std::string& out, std::size_t index) const;

    const Dataset& data_;
    bool fat_;
    std::vector<std::string> employee_json_;  // lean or fat, by employee index
    std::vector<std::string> check_types_;
    std::vector<std::string> work_breaks_;
    std::vector<std::string> collections_;
    std::size_t entry_size_hint_ = 512;
};

}  // namespace reportgen::mockapi
