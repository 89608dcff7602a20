// The modified-entry rules of PAYROLL.md "Traceability and place of work"
// (report/trace.hpp) at their boundaries: edited more than 5 min after the
// entry was last clocked, created more than 15 min after its clock-out.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "office_points.hpp"
#include "report/places.hpp"
#include "report/trace.hpp"
#include "report/trace_table.hpp"
#include "reportgen/config.hpp"

using namespace reportgen::detail;

namespace {

constexpr int64_t kIn = 1704870000;  // 2024-01-10T07:00:00Z
constexpr int32_t kShift = 8 * 3600;

constexpr int64_t kUnknown = INT64_MIN;  // a record time not given

// A closed 8 h entry (open: still clocked in) created `created` s and
// updated `updated` s after its clock-in (kUnknown: not given).
struct Traced {
    WorkEntry e;
    EntryTrace t;
};
Traced entry(int64_t created, int64_t updated, bool open = false) {
    Traced r;
    r.e.in_utc = kIn;
    r.e.out_utc = open ? kNoTime : kIn + kShift;
    r.t.created_utc = created == kUnknown ? kNoTime : kIn + created;
    r.t.updated_utc = updated == kUnknown ? kNoTime : kIn + updated;
    return r;
}
unsigned modified_reasons(const Traced& x) {
    return reportgen::detail::modified_reasons(x.e, x.t);
}
int64_t modified_at(const Traced& x) {
    return reportgen::detail::modified_at(x.e, x.t);
}

}  // namespace

TEST_CASE("modified: a live entry updated at its clock-out is not modified", "[trace]") {
    // Created at the clock-in, updated by the clock-out a few seconds later.
    const Traced e = entry(2, kShift + 4);
    CHECK(modified_reasons(e) == kNotModified);
    CHECK(modified_at(e) == kNoTime);
}

TEST_CASE("modified: edited more than 5 min after the clock-out", "[trace]") {
    CHECK(modified_reasons(entry(2, kShift + 300)) == kNotModified);  // exactly 5 min
    const Traced e = entry(2, kShift + 301);
    CHECK(modified_reasons(e) == kEdited);
    CHECK(modified_at(e) == kIn + kShift + 301);
}

TEST_CASE("modified: an open entry edited more than 5 min after its creation", "[trace]") {
    CHECK(modified_reasons(entry(10, 310, true)) == kNotModified);
    CHECK(modified_reasons(entry(10, 311, true)) == kEdited);
    // An open entry has no clock-out to be created after.
    CHECK(modified_reasons(entry(kShift * 3, kShift * 3, true)) == kNotModified);
}

TEST_CASE("modified: created more than 15 min after its own clock-out", "[trace]") {
    CHECK(modified_reasons(entry(kShift + 900, kShift + 900)) == kNotModified);
    const Traced late = entry(kShift + 901, kShift + 901);
    CHECK(modified_reasons(late) == kLate);
    CHECK(modified_at(late) == kIn + kShift + 901);  // when: its createdAt
    // Entered late, then edited 6 min after its creation: both, when = updatedAt.
    const Traced both = entry(kShift + 3600, kShift + 3600 + 360);
    CHECK(modified_reasons(both) == (kLate | kEdited));
    CHECK(modified_at(both) == kIn + kShift + 3960);
    // Entered after the fact and edited exactly 5 min after: late only.
    CHECK(modified_reasons(entry(kShift + 3600, kShift + 3900)) == kLate);
}

TEST_CASE("modified: unknown record times fire no rule", "[trace]") {
    CHECK(modified_reasons(entry(kUnknown, kShift * 10)) == kNotModified);
    CHECK(modified_reasons(entry(kShift * 2, kUnknown)) == kLate);
    CHECK(modified_reasons(entry(2, kUnknown)) == kNotModified);
}

using reportgen::test::clock_in_north;
using reportgen::test::kOffice;

TEST_CASE("place: haversine distance", "[trace][place]") {
    // One degree of latitude on the mean sphere, and the same along the equator.
    CHECK(distance_m(0, 0, 10000000, 0) == Approx(111195.08).epsilon(1e-6));
    CHECK(distance_m(0, 0, 0, 10000000) == Approx(111195.08).epsilon(1e-6));
    // Madrid - Barcelona: about 505 km.
    CHECK(distance_m(404167754, -37037902, 413873890, 21686300) == Approx(505000).margin(3000));
    CHECK(distance_m(kOffice.lat_e7, kOffice.lon_e7, kOffice.lat_e7, kOffice.lon_e7) == 0);
}

TEST_CASE("place: on site within the office's radio, the boundary included", "[trace][place]") {
    const std::vector<Office> offices{kOffice};
    CHECK(place_of(clock_in_north(0), offices, false) == Place::on_site);
    CHECK(place_of(clock_in_north(100), offices, false) == Place::on_site);  // exactly at radio
    CHECK(place_of(clock_in_north(100.4), offices, false) == Place::on_site);  // rounds to 100
    CHECK(place_of(clock_in_north(100.6), offices, false) == Place::remote);   // rounds to 101
    CHECK(place_of(clock_in_north(5000), offices, true) == Place::remote);
    // A second office covers what the first does not.
    const std::vector<Office> two{kOffice, Office{kOffice.lat_e7 + 44978, kOffice.lon_e7, 10}};
    CHECK(place_of(clock_in_north(500), two, false) == Place::on_site);
}

TEST_CASE("place: without coordinates or offices, by check type, else unknown",
          "[trace][place]") {
    const std::vector<Office> offices{kOffice};
    EntryTrace none;
    CHECK(place_of(none, offices, false) == Place::unknown);
    CHECK(place_of(none, offices, true) == Place::remote);
    CHECK(place_of(clock_in_north(0), {}, false) == Place::unknown);
    CHECK(place_of(clock_in_north(0), {}, true) == Place::remote);
}

TEST_CASE("place: remote check type names", "[trace][place]") {
    CHECK(remote_check_type_name("Teletrabajo"));
    CHECK(remote_check_type_name("Jornada en TELETRABAJO"));
    CHECK(remote_check_type_name("Remote work"));
    CHECK(remote_check_type_name("fully REMOTE"));
    CHECK_FALSE(remote_check_type_name("Oficina"));
    CHECK_FALSE(remote_check_type_name("Remoto"));  // Spanish "remoto" is not in the default
    CHECK_FALSE(remote_check_type_name(""));
}

TEST_CASE("traces: read only by the reports that show them", "[trace]") {
    using reportgen::Format;
    using reportgen::Layout;
    reportgen::ReportRequest r;
    r.format = Format::csv;
    r.layout = Layout::by_employee;
    CHECK_FALSE(traces_shown(r));
    CHECK_FALSE(changes_listed(r));
    r.layout = Layout::daily;
    CHECK(traces_shown(r));
    CHECK_FALSE(changes_listed(r));
    r.layout = Layout::by_activity;
    r.format = Format::xlsx;
    CHECK(traces_shown(r));
    CHECK(changes_listed(r));
}

namespace {

// A work entry of `hours` from kIn + `start_h`, with check type ref `type`.
WorkEntry work(uint64_t id, double start_h, double hours, uint32_t type = 0) {
    WorkEntry e;
    e.id = EntryId{0, id};
    e.in_utc = kIn + static_cast<int64_t>(start_h * 3600);
    e.out_utc = e.in_utc + static_cast<int64_t>(hours * 3600);
    e.check_type = type;
    return e;
}

// `entries` as a page seen by a table that knows `offices`, with the given
// clock-ins (no coordinates: none): their places set as the collector sets
// them before the store.
std::vector<WorkEntry> placed(std::vector<WorkEntry> entries,
                              const std::vector<EntryTrace>& clock_ins,
                              std::vector<Office> offices) {
    TraceTable t;
    t.set_offices(std::move(offices));
    t.scratch().items = clock_ins;
    t.add_page(entries);
    t.seal();
    return entries;
}

}  // namespace

TEST_CASE("place stage: a shift's places and its remote effective time", "[trace][place]") {
    const std::vector<Office> offices{kOffice};
    // 4 h at the radio exactly (on site), 2 h 5 km away (remote), 2 h
    // without coordinates on a check type that is not remote (unknown).
    const std::vector<WorkEntry> entries =
        placed({work(1, 0, 4), work(2, 4, 2), work(3, 6, 2)},
               {clock_in_north(100), clock_in_north(5000), EntryTrace{}}, offices);
    CHECK(entries[0].in_place == kInOffice);
    CHECK(entries[1].in_place == kInOutside);
    CHECK(entries[2].in_place == kInUnplaced);
    const PlaceStage stage({false});
    CHECK(stage.place(entries[0]) == Place::on_site);
    CHECK(stage.place(entries[1]) == Place::remote);
    CHECK(stage.place(entries[2]) == Place::unknown);
    const PlaceStage::Shift s = stage.shift(entries, 7 * 3600);
    CHECK(s.bits == (kPlaceOnSite | kPlaceRemote | kPlaceUnknown));
    CHECK(day_place(s.bits) == DayPlace::mixed);
    // 2 h of the 8 h clocked were remote: a quarter of the 7 h effective.
    CHECK(s.remote_effective_s == 7 * 3600 / 4);
    // The check type says remote: the entry without coordinates is remote too.
    const PlaceStage by_type({true});
    CHECK(by_type.place(entries[2]) == Place::remote);
    CHECK(by_type.shift(entries, 8 * 3600).remote_effective_s == 4 * 3600);
}

TEST_CASE("place stage: what a workday shows", "[trace][place]") {
    CHECK(day_place(0) == DayPlace::none);
    CHECK(day_place(kPlaceUnknown) == DayPlace::unknown);
    CHECK(day_place(kPlaceOnSite) == DayPlace::on_site);
    CHECK(day_place(kPlaceOnSite | kPlaceUnknown) == DayPlace::on_site);  // the known decide
    CHECK(day_place(kPlaceRemote | kPlaceUnknown) == DayPlace::remote);
    CHECK(day_place(kPlaceRemote | kPlaceOnSite) == DayPlace::mixed);
}

TEST_CASE("place stage: pauses place nothing and all remote is the whole effective time",
          "[trace][place]") {
    std::vector<WorkEntry> page{work(1, 0, 3), work(2, 3, 0.5), work(3, 3.5, 3)};
    page[1].pause = 1;
    const std::vector<EntryTrace> clock_ins{clock_in_north(5000), clock_in_north(0),
                                            clock_in_north(100.6)};
    const std::vector<WorkEntry> entries = placed(page, clock_ins, {kOffice});
    CHECK(entries[1].in_place == kInUnplaced);  // a pause is never placed
    const PlaceStage stage({});
    const PlaceStage::Shift s = stage.shift(entries, 6 * 3600 - 1);
    CHECK(s.bits == kPlaceRemote);  // the pause, on site, is not a place of work
    CHECK(s.remote_effective_s == 6 * 3600 - 1);
    // No office read: nothing is known without a remote check type.
    const std::vector<WorkEntry> unplaced = placed(page, clock_ins, {});
    CHECK(stage.shift(unplaced, 6 * 3600).bits == kPlaceUnknown);
}

TEST_CASE("place stage: remote_check_types replaces the default names", "[trace][place]") {
    const std::vector<std::string> none;
    CHECK(remote_check_type("Teletrabajo", none));
    CHECK_FALSE(remote_check_type("Trabajo en casa", none));
    const std::vector<std::string> mine{" trabajo EN casa ", "Visita"};
    CHECK(remote_check_type("Trabajo en casa", mine));
    CHECK(remote_check_type("visita", mine));
    CHECK_FALSE(remote_check_type("Teletrabajo", mine));  // the list replaces the default
    CHECK_FALSE(remote_check_type("Visita técnica", mine));  // whole names, not parts
}

TEST_CASE("place: shown by the daily register and any XLSX, never a lean CSV", "[trace][place]") {
    reportgen::ReportRequest r;
    r.format = reportgen::Format::csv;
    r.layout = reportgen::Layout::by_employee;
    CHECK_FALSE(place_shown(r));
    r.layout = reportgen::Layout::daily;
    CHECK(place_shown(r));
    r.layout = reportgen::Layout::by_group;
    r.format = reportgen::Format::xlsx;
    CHECK(place_shown(r));
}
