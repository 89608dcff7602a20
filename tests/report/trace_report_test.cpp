// Modified and deleted entries in the reports (docs/DESIGN.md "Traceability
// and place of work"): the daily register's "Modificado" column and the
// changes the summary lists for the XLSX "Modificaciones" sheet, from
// hand-made entries and traces; the presence rows untouched.
#include <catch2/catch.hpp>

#include "hand_report.hpp"
#include "report/trace.hpp"
#include "reportgen/row.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

struct Traced {
    HandEntry entry;
    std::string_view created, updated;  // empty: not given
    std::string_view origin_in, origin_out;
};

EntryTrace trace_of(const Traced& t, OriginRefs& origins) {
    EntryTrace r;
    if (!t.created.empty()) r.created_utc = ts(t.created).utc;
    if (!t.updated.empty()) r.updated_utc = ts(t.updated).utc;
    if (!t.origin_in.empty()) r.origin_in = origins.intern(t.origin_in);
    if (!t.origin_out.empty()) r.origin_out = origins.intern(t.origin_out);
    return r;
}

// "dd/mm/yyyy HH:MM:SS" of a ChangeSummary's local seconds.
std::string stamp(int64_t local_s) {
    const int64_t day = local_s >= 0 ? local_s / 86400 : -((-local_s + 86399) / 86400);
    return format_date(day) + " " + format_time(local_s - day * 86400);
}

// Keeps the rows (HandSink) and the listed changes, one line each.
class ChangesSink final : public RowSink {
  public:
    HandSink rows;
    bool listed = false;
    std::vector<std::string> changes;

    void begin(std::span<const std::string_view> h) override { rows.begin(h); }
    void row(const TypedRow& r) override { rows.row(r); }
    void summary(const ReportSummary& s) override {
        rows.summary(s);
        listed = s.changes_listed;
        for (const ChangeSummary& c : s.changes)
            changes.push_back(
                std::string(c.name) + "|" + std::string(c.nid) + "|" + format_date(c.workday) +
                "|" + stamp(c.clock_in) + "|" + (c.has_clock_out ? stamp(c.clock_out) : "") +
                "|" + (c.has_created ? stamp(c.created) : "") + "|" +
                (c.has_updated ? stamp(c.updated) : "") + "|" + std::string(c.origin_in) + "|" +
                std::string(c.origin_out) + "|" + std::string(c.what));
    }
    void finish() override { rows.finish(); }
};

struct Run {
    ChangesSink sink;
    Metrics metrics;
};

// A report of `entries` (their traces kept when the report shows them, as
// the page collector keeps them) and of `deleted` (the onlyReturn=deleted
// fetch's entries).
Run traced_report(const ReportRequest& req, const std::vector<Traced>& entries,
                  const std::vector<Traced>& deleted = {}) {
    EntryStore store(req.memory_budget_bytes, "");
    store.employees().intern("e1", "Ana", "López", "dni", "1A", true);
    store.employees().intern("e2", "Bruno", "Díaz", "nie", "X2", true);
    if (traces_shown(req)) store.enable_traces();
    auto add = [&](const std::vector<Traced>& list, bool is_deleted) {
        std::vector<WorkEntry> batch;
        TraceTable* table = store.traces();
        if (table) table->scratch().items.clear();
        for (const Traced& t : list) {
            batch.push_back(make_entry(t.entry));
            if (table) table->scratch().items.push_back(trace_of(t, table->scratch().origins));
        }
        if (is_deleted) {
            if (table && changes_listed(req)) table->add_deleted(batch);
            return;
        }
        if (table) table->add_page(batch);
        store.add(batch);
    };
    add(entries, false);
    add(deleted, true);
    Run r;
    ReportBuilder(req, {}).build(store, r.sink, r.metrics);
    return r;
}

// Ana's week: live entries, one edited days later, one entered late, and
// both rules' exact limits (not modified); Bruno's day untouched.
const std::vector<Traced> kEntries = {
    // Live: created at the clock-in, updated by the clock-out.
    {{1, "2024-01-10T08:00:00+01:00", "2024-01-10T14:00:00+01:00"},
     "2024-01-10T07:00:03Z", "2024-01-10T13:00:02Z", "app", "app"},
    // Updated exactly 5 min after the clock-out: not modified.
    {{2, "2024-01-11T08:00:00+01:00", "2024-01-11T16:00:00+01:00"},
     "2024-01-11T07:00:03Z", "2024-01-11T15:05:00Z", "app", "web"},
    // Edited two days later.
    {{3, "2024-01-12T08:00:00+01:00", "2024-01-12T12:00:00+01:00"},
     "2024-01-12T07:00:01Z", "2024-01-14T09:30:00Z", "app", "web"},
    // Entered 16 min after its clock-out.
    {{4, "2024-01-12T13:00:00+01:00", "2024-01-12T17:00:00+01:00"},
     "2024-01-12T16:16:00Z", "2024-01-12T16:16:00Z", "web", "web"},
    // Entered exactly 15 min after its clock-out: not modified.
    {{5, "2024-01-13T08:00:00+01:00", "2024-01-13T12:00:00+01:00"},
     "2024-01-13T11:15:00Z", "2024-01-13T11:15:00Z", "web", "web"},
    // Bruno, live.
    {{6, "2024-01-12T09:00:00+01:00", "2024-01-12T10:00:00+01:00", false, {}, 1},
     "2024-01-12T08:00:00Z", "2024-01-12T09:00:01Z", "", ""},
};
// Deleted in the period: Bruno's mistaken clock-in; and one before it.
const std::vector<Traced> kDeleted = {
    {{7, "2024-01-12T10:30:00+01:00", "2024-01-12T18:00:00+01:00", false, {}, 1, true},
     "2024-01-12T09:30:00Z", "2024-01-12T17:10:00Z", "tablet", "tablet"},
    {{8, "2024-01-09T10:30:00+01:00", "2024-01-09T11:00:00+01:00", false, {}, 1, true},
     "2024-01-09T09:30:00Z", "2024-01-09T10:10:00Z", "web", "web"},
};

ReportRequest request(Layout layout, Format format) {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 13};
    req.layout = layout;
    req.format = format;
    return req;
}

// The row's cell `i` (0 the first).
std::string cell(const std::string& row, std::size_t i) {
    std::size_t at = 0;
    for (; i > 0; --i) at = row.find('|', at) + 1;
    return row.substr(at, row.find('|', at) - at);
}

}  // namespace

TEST_CASE("daily: 'Modificado' shows when an entry of the day was last modified",
          "[report][daily][trace]") {
    const Run r = traced_report(request(Layout::daily, Format::csv), kEntries, kDeleted);
    REQUIRE(r.sink.rows.header.size() > 17);
    REQUIRE(r.sink.rows.header[17] == "Modificado");
    std::vector<std::string> marks;
    for (const std::string& row : r.sink.rows.rows)
        marks.push_back(row.substr(0, row.find('|')) + " " + cell(row, 17));
    // Day 12: edited on the 14th at 09:30Z (10:30 on the entries' +01:00),
    // later than the late entry's 16:16Z on the 12th. Days 10, 11 and 13 and
    // the TOTAL rows: nothing (the exact limits are not modifications).
    // Díaz before López: by surname.
    CHECK(marks == std::vector<std::string>{"Bruno Díaz ", "Bruno Díaz ", "Bruno Díaz ",
                                            "Bruno Díaz ", "Bruno Díaz ", "Ana López ",
                                            "Ana López ", "Ana López 14/01/2024 10:30:00",
                                            "Ana López ", "Ana López "});
    CHECK(r.metrics.traces_read);
    CHECK(r.metrics.modified_entries == 2);
    // A CSV lists no changes and so fetches no deleted entries.
    CHECK_FALSE(r.sink.listed);
    CHECK(r.metrics.deleted_entries == 0);
    // The deleted entries are in no total: Bruno's day is his one hour.
    CHECK(r.sink.rows.rows[4].find("|TOTAL|||01:00:00|") != std::string::npos);
}

TEST_CASE("changes: modified and deleted entries listed, in order, never in totals",
          "[report][trace]") {
    const Run r = traced_report(request(Layout::by_employee, Format::xlsx), kEntries, kDeleted);
    REQUIRE(r.sink.listed);
    CHECK(r.sink.changes ==
          std::vector<std::string>{
              // Deleted on the 12th (the one of the 9th is before the report);
              // Díaz before López.
              "Bruno Díaz|X2|12/01/2024|12/01/2024 10:30:00|12/01/2024 18:00:00|"
              "12/01/2024 10:30:00|12/01/2024 18:10:00|tablet|tablet|eliminado",
              "Ana López|1A|12/01/2024|12/01/2024 08:00:00|12/01/2024 12:00:00|"
              "12/01/2024 08:00:01|14/01/2024 10:30:00|app|web|editado",
              "Ana López|1A|12/01/2024|12/01/2024 13:00:00|12/01/2024 17:00:00|"
              "12/01/2024 17:16:00|12/01/2024 17:16:00|web|web|introducido tarde",
          });
    CHECK(r.metrics.modified_entries == 2);
    CHECK(r.metrics.deleted_entries == 1);
    // The presence rows are those of the same report without any trace.
    const Run plain = traced_report(request(Layout::by_employee, Format::csv), kEntries, kDeleted);
    CHECK_FALSE(plain.metrics.traces_read);
    CHECK(plain.metrics.modified_entries == 0);
    CHECK(r.sink.rows.rows == plain.sink.rows.rows);
    CHECK(r.sink.rows.header == plain.sink.rows.header);
    CHECK(r.sink.rows.summary_kept.worked_s == plain.sink.rows.summary_kept.worked_s);
    CHECK(r.sink.rows.summary_kept.worked_s == (6 + 8 + 4 + 4 + 4 + 1) * 3600);
}

TEST_CASE("changes: entered late and edited, in English", "[report][trace]") {
    ReportRequest req = request(Layout::by_activity, Format::xlsx);
    req.lang = Lang::en;
    // Entered an hour late, then corrected ten minutes after that.
    const std::vector<Traced> entries = {
        {{1, "2024-01-10T08:00:00+01:00", "2024-01-10T14:00:00+01:00"},
         "2024-01-10T14:00:00Z", "2024-01-10T14:10:00Z", "", "web"},
        // An open entry edited: its clock-out is empty.
        {{2, "2024-01-13T08:00:00+01:00"}, "2024-01-13T07:00:00Z", "2024-01-13T07:05:01Z", "", ""},
    };
    const Run r = traced_report(req, entries);
    CHECK(r.sink.changes ==
          std::vector<std::string>{
              "Ana López|1A|10/01/2024|10/01/2024 08:00:00|10/01/2024 14:00:00|"
              "10/01/2024 15:00:00|10/01/2024 15:10:00||web|entered late; edited",
              "Ana López|1A|13/01/2024|13/01/2024 08:00:00||13/01/2024 08:00:00|"
              "13/01/2024 08:05:01|||edited",
          });
}
