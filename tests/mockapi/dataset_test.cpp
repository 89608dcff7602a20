// The synthetic company: density, the share of every awkward feature, and
// the workday rule that from/to filtering relies on.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "mockapi/dataset.hpp"
#include "mockapi/page_renderer.hpp"

using namespace reportgen;
using namespace reportgen::mockapi;

namespace {

const Dataset& big() {
    // 3,000 employees x 31 days: the design's reference month.
    static const Dataset d(DatasetShape{42, 3000, 31, CivilDate{2024, 1, 1}});
    return d;
}

int64_t local_day(const Employee& emp, int64_t utc) {
    const int off = emp.zulu ? 0 : madrid_offset_minutes(utc);
    return floor_div(utc + off * 60, 86400);
}

}  // namespace

// About 2.8 a day but for New Year's Day, a national holiday on which only
// a few work since issue 18 (248,927 entries; 3 % more before).
TEST_CASE("a 3,000 x 31 month has about 2.7 entries per employee-day", "[mockapi][dataset]") {
    const Dataset& d = big();
    const double n = static_cast<double>(d.entries().size());
    INFO("entries: " << d.entries().size());
    CHECK(n > 240000);
    CHECK(n < 265000);
    CHECK(n / (3000.0 * 31.0) > 2.6);
    CHECK(n / (3000.0 * 31.0) < 2.85);
}

TEST_CASE("entries are sorted by clock-in then id, ids unique", "[mockapi][dataset]") {
    const Dataset& d = big();
    std::set<std::pair<uint64_t, uint64_t>> ids;
    for (std::size_t i = 0; i < d.entries().size(); ++i) {
        const Entry& e = d.entries()[i];
        const Uuid id = d.entry_id(e);
        ids.emplace(id.hi, id.lo);
        if (i > 0) {
            const Entry& p = d.entries()[i - 1];
            REQUIRE((p.in < e.in || (p.in == e.in && d.entry_id(p) < id)));
        }
    }
    CHECK(ids.size() == d.entries().size());
}

TEST_CASE("the data set has every awkward feature in a small share", "[mockapi][dataset]") {
    const Dataset& d = big();
    std::size_t work = 0, pauses = 0, deleted = 0, null_check = 0, unknown = 0, floats = 0,
                open = 0, open_not_last = 0, null_out_object = 0, pause_no_break = 0;
    std::map<int64_t, std::size_t> per_day;
    for (const Entry& e : d.entries()) {
        per_day[e.workday]++;
        if (e.deleted()) ++deleted;
        if (e.pause()) {
            ++pauses;
            if (e.ref == Entry::kNone) ++pause_no_break;
        } else {
            ++work;
            if (e.ref == Entry::kNone) ++null_check;
            if (e.ref == Entry::kUnknown) ++unknown;
        }
        if (e.flags & Entry::kFloatWorked) ++floats;
        if (e.open()) {
            ++open;
            if (e.workday != d.last_day()) ++open_not_last;
            if (e.flags & Entry::kOutObjectNull) ++null_out_object;
        }
    }
    const double n = static_cast<double>(d.entries().size());
    CHECK(pauses / n > 0.15);
    CHECK(pauses / n < 0.35);
    CHECK(deleted / n > 0.005);
    CHECK(deleted / n < 0.02);
    CHECK(null_check > work / 20);  // Registro normal
    CHECK(null_check < work / 3);
    CHECK(unknown > work / 500);  // Actividad desconocida
    CHECK(unknown < work / 50);
    CHECK(pause_no_break > 0);
    CHECK(floats / n > 0.05);
    CHECK(floats / n < 0.15);
    CHECK(open > 500);  // about half of those who work the last day
    CHECK(open_not_last == 0);
    CHECK(null_out_object > 0);
    CHECK(null_out_object < open);

    // Weekends are lighter: 2024-01-06/07 against Monday 2024-01-08.
    const int64_t sat = days_from_civil(CivilDate{2024, 1, 6});
    CHECK(per_day[sat] * 3 < per_day[sat + 2]);
    CHECK(per_day[sat + 1] * 3 < per_day[sat + 2]);

    // Check types: 7, in 3 collections, one in none.
    CHECK(d.check_types().size() == 7);
    CHECK(d.collections().size() == 3);
    CHECK(std::count_if(d.check_types().begin(), d.check_types().end(),
                        [](const CheckType& c) { return c.collection < 0; }) == 1);
}

TEST_CASE("employees have awkward names and every identity type", "[mockapi][dataset]") {
    const Dataset& d = big();
    std::size_t accents = 0, quotes = 0, commas = 0, formula = 0, empty = 0, zulu = 0, null_nid = 0;
    std::map<std::string, std::size_t> types;
    std::map<ShiftKind, std::size_t> shifts;
    for (const Employee& e : d.employees()) {
        const std::string full = e.first_name + " " + e.last_name;
        if (full.find("\xC3") != std::string::npos) ++accents;  // Latin-1 supplement in UTF-8
        if (full.find('"') != std::string::npos) ++quotes;
        if (full.find(',') != std::string::npos) ++commas;
        if (!e.first_name.empty() && std::string("=+-@").find(e.first_name[0]) != std::string::npos)
            ++formula;
        if (e.first_name.empty() && e.last_name.empty()) ++empty;
        if (e.zulu) ++zulu;
        if (!e.nid) ++null_nid;
        types[e.identity_type.value_or("null")]++;
        shifts[e.shift]++;
    }
    CHECK(accents > 1000);
    CHECK(quotes > 40);
    CHECK(commas > 40);
    CHECK(formula > 40);
    CHECK(empty > 40);
    CHECK(zulu > 3000 * 8 / 100);
    CHECK(zulu < 3000 * 16 / 100);
    CHECK(null_nid > 50);
    for (const char* t : {"dni", "nie", "other", "rut", "null"}) {
        INFO(t);
        CHECK(types[t] > 30);
    }
    CHECK(types["dni"] > 2000);
    CHECK(shifts.size() == 4);
    CHECK(shifts[ShiftKind::night] > 300);

    // Even the default 50-employee company has each awkward name.
    const Dataset small(DatasetShape{42, 50, 3, CivilDate{2024, 1, 1}});
    bool q = false, c = false, f = false, em = false;
    for (const Employee& e : small.employees()) {
        q |= e.last_name == "O\"Brien";
        c |= e.last_name == "García, Jr.";
        f |= !e.first_name.empty() && e.first_name[0] == '=';
        em |= e.first_name.empty() && e.last_name.empty();
    }
    CHECK(q);
    CHECK(c);
    CHECK(f);
    CHECK(em);
}

TEST_CASE("workday = local date of the shift's first clock-in (client's 6 h rule)",
          "[mockapi][dataset]") {
    const Dataset& d = big();
    std::vector<std::vector<const Entry*>> by_emp(d.employees().size());
    for (const Entry& e : d.entries()) {
        if (!e.deleted()) by_emp[e.employee].push_back(&e);
    }
    std::size_t shifts = 0, cross_midnight = 0, pause_first = 0, pause_inside = 0;
    for (std::size_t emp = 0; emp < by_emp.size(); ++emp) {
        const Employee& employee = d.employees()[emp];
        const auto& list = by_emp[emp];  // already in clock-in order
        std::size_t i = 0;
        while (i < list.size()) {
            // One shift: entries until a clock-in more than 6 h after the
            // latest clock-out seen.
            const Entry* first = list[i];
            int64_t latest_out = first->in + std::max(first->length, 0);
            std::size_t j = i + 1;
            while (j < list.size() && list[j]->in <= latest_out + 6 * 3600) {
                latest_out =
                    std::max<int64_t>(latest_out, list[j]->in + std::max(list[j]->length, 0));
                ++j;
            }
            ++shifts;
            const int64_t day = local_day(employee, first->in);
            for (std::size_t k = i; k < j; ++k) {
                REQUIRE(list[k]->workday == day);
                if (k > i && list[k]->pause()) ++pause_inside;
            }
            if (first->pause()) ++pause_first;
            if (local_day(employee, latest_out) > day) ++cross_midnight;
            i = j;
        }
    }
    CHECK(shifts > 60000);
    CHECK(cross_midnight > 3000);  // night shifts
    CHECK(pause_first > 500);      // pauses that open a shift
    CHECK(pause_inside > 40000);
}

TEST_CASE("the data set is a pure function of its shape", "[mockapi][dataset]") {
    const Dataset a(DatasetShape{7, 40, 10, CivilDate{2024, 3, 25}});
    const Dataset b(DatasetShape{7, 40, 10, CivilDate{2024, 3, 25}});
    const Dataset c(DatasetShape{8, 40, 10, CivilDate{2024, 3, 25}});
    REQUIRE(a.entries().size() == b.entries().size());
    for (std::size_t i = 0; i < a.entries().size(); ++i) {
        REQUIRE(a.entries()[i].in == b.entries()[i].in);
        REQUIRE(a.entry_id(a.entries()[i]) == b.entry_id(b.entries()[i]));
    }
    CHECK(a.employees()[0].id != c.employees()[0].id);
    // This range crosses the spring change: both offsets are used.
    PageRenderer r(a, false);
    std::string all;
    for (const Entry& e : a.entries())
        r.append_entry(all, e, a.entry_id(e));
    CHECK(all.find("+01:00\"") != std::string::npos);
    CHECK(all.find("+02:00\"") != std::string::npos);
    CHECK(all.find("+00:00\"") != std::string::npos);
    // The document's P: never "Z" (a DNI may end in Z: look at times only).
    CHECK_FALSE(std::regex_search(all, std::regex("T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")));
}

TEST_CASE("select() and drift entries", "[mockapi][dataset]") {
    const Dataset d(DatasetShape{3, 20, 5, CivilDate{2024, 1, 1}});
    const int64_t day = d.first_day();
    auto range = [](int64_t from, int64_t to, std::optional<uint32_t> emp = std::nullopt) {
        EntryFilter f;
        f.from = from;
        f.to = to;
        f.employee = emp;
        f.only = OnlyReturn::all;
        return f;
    };
    // Night shifts of the last day clock in after midnight, one day later.
    const auto all = d.select(range(day, day + 5));
    CHECK(all.size() == d.entries().size());
    std::size_t split = 0;
    for (uint32_t i : d.select(range(day + 1, day + 1, 3u))) {
        CHECK(d.entries()[i].employee == 3u);
        CHECK(d.entries()[i].in_day == day + 1);
    }
    for (uint32_t i : d.select(range(day + 2, day + 2))) {
        CHECK(d.entries()[i].in_day == day + 2);
        split += d.entries()[i].workday == day + 1;  // tail of the night shift of day + 1
    }
    CHECK(split > 0);
    CHECK(d.select(range(day + 2, day + 1)).empty());
    EntryFilter unknown = range(day, day + 5);
    unknown.unknown_employee = true;
    CHECK(d.select(unknown).empty());

    const auto drift = d.drift_entries(day + 1, 30, {0, 1, 2});
    REQUIRE(drift.size() == 30);
    std::set<Uuid> ids;
    int64_t first_base = INT64_MAX;
    for (uint32_t i : d.select(range(day + 1, day + 1)))
        first_base = std::min(first_base, d.entries()[i].in);
    for (const Entry& e : drift) {
        ids.insert(d.drift_entry_id(day + 1, e));
        CHECK(e.workday == day + 1);
        CHECK(e.in_day == day + 1);
        CHECK(e.in < first_base);  // all before the range's first entry
    }
    CHECK(ids.size() == 30);
}
