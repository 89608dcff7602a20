#pragma once
// The PageConsumer both engines feed: decodes each page into the EntryStore,
// checks it against page 1's plan, and reports progress.
#include <chrono>
#include <string>
#include <vector>

#include "api/page_decoder.hpp"
#include "engine/fetch_job.hpp"
#include "report/entry_store.hpp"
#include "report/work_entry.hpp"
#include "reportgen/model.hpp"
#include "reportgen/progress.hpp"

namespace reportgen::detail {

class PageCollector final : public PageConsumer {
  public:
    PageCollector(EntryStore& store, Metrics& metrics, ProgressFn progress,
                  std::chrono::steady_clock::time_point start);

    // Page 1: decodes it and returns its meta, validated (lastPage within
    // bounds and consistent with total and perPage).
    PageMeta first_page(std::string&& body, int max_last_page);
    void consume(int page, std::string&& body) override;

    const PageMeta& plan() const { return plan_; }
    std::vector<int> missing_pages() const;  // pages 2..lastPage not delivered yet

  private:
    PageMeta decode(std::string& body, int page);
    void add_to_store();
    void note_unpromised_values(int page);
    void report(std::string_view phase);
    EntryStore& store_;
    Metrics& metrics_;
    ProgressFn progress_;
    std::chrono::steady_clock::time_point start_;
    PageDecoder decoder_;
    std::vector<WorkEntry> batch_;
    std::vector<EntryId> ids_;  // scratch: a page's ids, sorted to find repeats
    PageMeta plan_;
    std::vector<bool> delivered_;
    uint64_t pages_done_ = 0;
    int max_last_page_ = 0;
};

}  // namespace reportgen::detail
