// A time cell on a later local date than its row's workday carries
// Cell::day_offset (a night shift's clock-out: 1). The XLSX sink shows it
// "(+1)"; CSV keeps plain HH:MM:SS.
#include <catch2/catch.hpp>

#include "hand_report.hpp"
#include "reportgen/sinks.hpp"
#include "semantics_fixture.hpp"

using namespace reportgen;
using namespace reportgen::test;

TEST_CASE("day offset: a night shift's times after midnight are marked +1", "[report][offset]") {
    // HandSink renders a day offset as "(+N)" after the time.
    const auto b = semantics_report<HandSink>(Layout::by_employee);
    const std::vector<std::string> jose = {
        "José Núñez|dni|12345678Z|10/01/2024|Oficina|Presencial|21:54:19|22:10:00|00:15:41",
        // The clock-out after midnight, and then the clock-in after midnight too.
        "José Núñez|dni|12345678Z|10/01/2024|Oficina|Presencial|22:10:00|02:27:00(+1)|04:17:00",
        "José Núñez|dni|12345678Z|10/01/2024|Oficina|Presencial|02:27:00(+1)|06:01:00(+1)|03:34:00",
    };
    const auto at = std::find(b.sink.rows.begin(), b.sink.rows.end(), jose[0]);
    REQUIRE(at != b.sink.rows.end());
    CHECK(std::vector<std::string>(at, at + 3) == jose);
    // Only José's night shift crosses midnight in the fixture.
    std::size_t marked = 0;
    for (const auto& r : b.sink.rows)
        marked += r.find("(+1)") != std::string::npos;
    CHECK(marked == 2);

    const auto g = semantics_report<HandSink>(Layout::by_group);
    CHECK(std::find(g.sink.rows.begin(), g.sink.rows.end(),
                    "Presencial|Oficina|10/01/2024|José Núñez|dni|12345678Z|02:27:00(+1)|06:01:00("
                    "+1)|03:34:00") != g.sink.rows.end());
}

TEST_CASE("day offset: two days later, and never negative", "[report][offset]") {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 12};
    const auto r =
        hand_report(req, {{"e1", "Ana", "López", "dni", "1A"}},
                    {
                        {1, "2024-01-10T20:00:00+01:00", "2024-01-12T02:00:00+01:00"},
                        // Clock-out before clock-in, on the day before the workday: no mark.
                        {2, "2024-01-12T23:00:00+01:00", "2024-01-11T22:00:00+01:00", false, 0},
                    });
    REQUIRE(r.sink.rows.size() == 4);
    CHECK(r.sink.rows[0] ==
          "Ana López|dni|1A|10/01/2024|Registro normal|Sin "
          "Grupo|20:00:00|02:00:00(+2)|30:00:00");
    CHECK(r.sink.rows[2] ==
          "Ana López|dni|1A|12/01/2024|Registro normal|Sin "
          "Grupo|23:00:00|22:00:00|00:00:00");
}

TEST_CASE("day offset: CSV shows plain HH:MM:SS", "[report][offset]") {
    StringByteSink bytes;
    {
        CsvOptions opt;
        opt.bom = false;
        CsvSink csv(bytes, opt);
        ReportRequest req;
        req.from = {2024, 1, 10};
        req.to = {2024, 1, 12};
        auto r = hand_report(req, {{"e1", "Ana", "López", "dni", "1A"}},
                             {{1, "2024-01-10T22:00:00+01:00", "2024-01-11T06:01:00+01:00"}});
        REQUIRE(r.sink.rows.at(0).find("06:01:00(+1)") != std::string::npos);
        // The same report into the CSV sink.
        EntryStore store(req.memory_budget_bytes, "");
        store.employees().intern("e1", "Ana", "López", "dni", "1A", true);
        const std::vector<WorkEntry> e = {
            make_entry({1, "2024-01-10T22:00:00+01:00", "2024-01-11T06:01:00+01:00"})};
        store.add(e);
        Metrics m;
        ReportBuilder(req, {}).build(store, csv, m);
        csv.finish();
    }
    CHECK(bytes.str().find("Ana López,dni,1A,10/01/2024,Registro normal,Sin "
                           "Grupo,22:00:00,06:01:00,08:01:00\r\n") != std::string::npos);
    CHECK(bytes.str().find("(+") == std::string::npos);
}
