// docs/DESIGN.md "Report semantics", checked row by row on fixtures that hold every
// case at once: a night shift across midnight, a day starting at 05:50,
// pauses first/middle/last and several in a row, a pause-only shift, open
// entries, clock-out before clock-in, duplicates across pages, a deleted
// entry, names with commas, quotes, accents and a leading '=', an unknown
// activity, and mixed Z/+01:00 offsets.
#include <catch2/catch.hpp>

#include "semantics_fixture.hpp"

using namespace reportgen;
using reportgen::test::CaptureSink;

namespace {

using Built = test::FixtureReport<CaptureSink>;

Built build(Layout layout, Lang lang = Lang::es, std::size_t budget = 24u << 20,
            bool reverse_pages = false) {
    return test::semantics_report(layout, lang, budget, reverse_pages);
}

int64_t seconds(const std::string& hms) {
    const auto c1 = hms.find(':');
    const auto c2 = hms.rfind(':');
    return std::stoll(hms.substr(0, c1)) * 3600 + std::stoll(hms.substr(c1 + 1, 2)) * 60 +
           std::stoll(hms.substr(c2 + 1));
}

int64_t sum_of_totals(const Built& b) {
    int64_t sum = 0;
    for (std::size_t i = 0; i < b.sink.rows.size(); ++i) {
        if (!b.sink.total[i]) continue;
        const auto& r = b.sink.rows[i];
        sum += seconds(r.substr(r.rfind('|') + 1));
    }
    return sum;
}

}  // namespace

TEST_CASE("by_employee: exact rows, order and TOTAL rows", "[report]") {
    const Built b = build(Layout::by_employee);
    CHECK(b.sink.header == std::vector<std::string>{"Empleado", "Tipo ID", "Nº ID", "Fecha",
                                                    "Actividad", "Grupo", "Entrada", "Salida",
                                                    "Tiempo Registrado"});
    const std::vector<std::string> expected = {
        // By surname, then first name, in Spanish collation: Ærø, (the unknown
        // employee's label), Núñez, O"Brien, Test (docs/DESIGN.md 4).
        // Z shows UTC wall clock; a +01:00 clock-in with a Z clock-out shows
        // each in its own offset; clock-out before clock-in counts 0.
        "Zoë Ærø|other|P-99|10/01/2024|Formación|Sin Grupo|07:00:00|15:00:00|08:00:00",
        "Zoë Ærø|other|P-99|10/01/2024|TOTAL||||08:00:00",
        "Zoë Ærø|other|P-99|11/01/2024|Formación|Sin Grupo|16:00:00|16:30:00|01:30:00",
        "Zoë Ærø|other|P-99|11/01/2024|TOTAL||||01:30:00",
        "Zoë Ærø|other|P-99|12/01/2024|Formación|Sin Grupo|10:00:00|09:00:00|00:00:00",
        "Zoë Ærø|other|P-99|12/01/2024|Formación|Sin Grupo|20:00:00||00:02:00",
        "Zoë Ærø|other|P-99|12/01/2024|TOTAL||||00:02:00",
        // Pause-only shift dropped; open entry shows an empty end and its
        // workedSeconds rounded down; "DNI" lower-cased; no name.
        "Empleado desconocido|dni|00000000T|12/01/2024|Oficina|Presencial|17:00:00||01:00:00",
        "Empleado desconocido|dni|00000000T|12/01/2024|TOTAL||||01:00:00",
        // The night shift is one workday dated the evening it began.
        "José Núñez|dni|12345678Z|10/01/2024|Oficina|Presencial|21:54:19|22:10:00|00:15:41",
        "José Núñez|dni|12345678Z|10/01/2024|Oficina|Presencial|22:10:00|02:27:00|04:17:00",
        "José Núñez|dni|12345678Z|10/01/2024|Oficina|Presencial|02:27:00|06:01:00|03:34:00",
        "José Núñez|dni|12345678Z|10/01/2024|TOTAL||||08:06:41",
        // A day starting at 05:50 lists 05:50 first; a second shift the same
        // day (more than 6 h later) stays in the same workday group.
        "Ana, María "
        "O\"Brien|nie|X1234567L|11/01/2024|Teletrabajo|Remoto|05:50:00|09:15:00|03:25:00",
        "Ana, María "
        "O\"Brien|nie|X1234567L|11/01/2024|Teletrabajo|Remoto|09:15:00|14:00:00|04:45:00",
        "Ana, María O\"Brien|nie|X1234567L|11/01/2024|Registro normal|Sin "
        "Grupo|20:30:00|22:00:00|01:30:00",
        "Ana, María O\"Brien|nie|X1234567L|11/01/2024|TOTAL||||09:40:00",
        // A leading pause folds into the work after it; two pauses in a row and
        // a last pause fold into the work before them.
        "=cmd Test|dni|No disponible|12/01/2024|Actividad desconocida|Sin "
        "Grupo|08:00:00|12:00:00|04:00:00",
        "=cmd Test|dni|No disponible|12/01/2024|Formación|Sin Grupo|13:00:00|14:10:00|01:10:00",
        "=cmd Test|dni|No disponible|12/01/2024|Formación|Sin Grupo|14:10:00|15:30:00|01:20:00",
        "=cmd Test|dni|No disponible|12/01/2024|TOTAL||||06:30:00",
    };
    CHECK(b.sink.rows == expected);
    for (std::size_t i = 0; i < b.sink.rows.size(); ++i)
        CHECK(b.sink.total[i] == (b.sink.rows[i].find("|TOTAL|") != std::string::npos));

    const Metrics& m = b.metrics;
    CHECK(m.deleted_dropped == 1);
    CHECK(m.duplicates_dropped == 2);
    CHECK(m.distinct_entries == 22);
    CHECK(m.negative_entries == 1);
    CHECK(m.open_entries == 2);
    CHECK(m.pause_only_shifts_dropped == 1);
    CHECK(m.pauses_folded == 6);
    CHECK(m.shifts == 10);
    CHECK(m.rows_written == 14);
    CHECK(m.total_rows == 7);
}

TEST_CASE("by_group: columns, order by group, date, clock-in, then name", "[report]") {
    const Built b = build(Layout::by_group);
    CHECK(b.sink.header.front() == "Grupo");
    CHECK(b.sink.header[4] == "Tipo de identificación");
    const std::vector<std::string> expected = {
        "Presencial|Oficina|10/01/2024|José Núñez|dni|12345678Z|21:54:19|22:10:00|00:15:41",
        "Presencial|Oficina|10/01/2024|José Núñez|dni|12345678Z|22:10:00|02:27:00|04:17:00",
        "Presencial|Oficina|10/01/2024|José Núñez|dni|12345678Z|02:27:00|06:01:00|03:34:00",
        "Presencial|TOTAL|10/01/2024||||||08:06:41",
        "Presencial|Oficina|12/01/2024|Empleado desconocido|dni|00000000T|17:00:00||01:00:00",
        "Presencial|TOTAL|12/01/2024||||||01:00:00",
        "Remoto|Teletrabajo|11/01/2024|Ana, María "
        "O\"Brien|nie|X1234567L|05:50:00|09:15:00|03:25:00",
        "Remoto|Teletrabajo|11/01/2024|Ana, María "
        "O\"Brien|nie|X1234567L|09:15:00|14:00:00|04:45:00",
        "Remoto|TOTAL|11/01/2024||||||08:10:00",
        "Sin Grupo|Formación|10/01/2024|Zoë Ærø|other|P-99|07:00:00|15:00:00|08:00:00",
        "Sin Grupo|TOTAL|10/01/2024||||||08:00:00",
        "Sin Grupo|Formación|11/01/2024|Zoë Ærø|other|P-99|16:00:00|16:30:00|01:30:00",
        "Sin Grupo|Registro normal|11/01/2024|Ana, María "
        "O\"Brien|nie|X1234567L|20:30:00|22:00:00|01:30:00",
        "Sin Grupo|TOTAL|11/01/2024||||||03:00:00",
        "Sin Grupo|Actividad desconocida|12/01/2024|=cmd Test|dni|No "
        "disponible|08:00:00|12:00:00|04:00:00",
        "Sin Grupo|Formación|12/01/2024|Zoë Ærø|other|P-99|10:00:00|09:00:00|00:00:00",
        "Sin Grupo|Formación|12/01/2024|=cmd Test|dni|No disponible|13:00:00|14:10:00|01:10:00",
        "Sin Grupo|Formación|12/01/2024|=cmd Test|dni|No disponible|14:10:00|15:30:00|01:20:00",
        "Sin Grupo|Formación|12/01/2024|Zoë Ærø|other|P-99|20:00:00||00:02:00",
        "Sin Grupo|TOTAL|12/01/2024||||||06:32:00",
    };
    CHECK(b.sink.rows == expected);
}

TEST_CASE("by_activity: groups by activity name and date, TOTAL rows", "[report]") {
    const Built b = build(Layout::by_activity);
    std::vector<std::string> totals;
    for (std::size_t i = 0; i < b.sink.rows.size(); ++i)
        if (b.sink.total[i]) totals.push_back(b.sink.rows[i]);
    const std::vector<std::string> expected = {
        "TOTAL|||12/01/2024|Actividad desconocida||||04:00:00",
        "TOTAL|||10/01/2024|Formación||||08:00:00",
        "TOTAL|||11/01/2024|Formación||||01:30:00",
        "TOTAL|||12/01/2024|Formación||||02:32:00",
        "TOTAL|||10/01/2024|Oficina||||08:06:41",
        "TOTAL|||12/01/2024|Oficina||||01:00:00",
        "TOTAL|||11/01/2024|Registro normal||||01:30:00",
        "TOTAL|||11/01/2024|Teletrabajo||||08:10:00",
    };
    CHECK(totals == expected);
    // Within a group: by clock-in, then employee name.
    CHECK(b.sink.rows[6] ==
          "Zoë Ærø|other|P-99|12/01/2024|Formación|Sin Grupo|10:00:00|09:00:00|00:00:00");
    CHECK(b.sink.rows[7] ==
          "=cmd Test|dni|No disponible|12/01/2024|Formación|Sin Grupo|13:00:00|14:10:00|01:10:00");
}

TEST_CASE("the sum of TOTAL rows is the same in all three layouts", "[report]") {
    const int64_t e = sum_of_totals(build(Layout::by_employee));
    const int64_t a = sum_of_totals(build(Layout::by_activity));
    const int64_t g = sum_of_totals(build(Layout::by_group));
    CHECK(e == 125321);
    CHECK(a == e);
    CHECK(g == e);
}

TEST_CASE("English labels replace every header and label", "[report]") {
    const Built b = build(Layout::by_employee, Lang::en);
    CHECK(b.sink.header == std::vector<std::string>{"Employee", "ID type", "ID number", "Date",
                                                    "Activity", "Group", "Clock-in", "Clock-out",
                                                    "Recorded time"});
    const std::string all = [&] {
        std::string s;
        for (const auto& r : b.sink.rows)
            s += r + "\n";
        return s;
    }();
    for (const char* es : {"No disponible", "Sin Grupo", "Registro normal", "Actividad desconocida",
                           "Empleado desconocido"})
        CHECK(all.find(es) == std::string::npos);
    for (const char* en :
         {"Not available", "No group", "Regular entry", "Unknown activity", "Unknown employee"})
        CHECK(all.find(en) != std::string::npos);
}

TEST_CASE("page order and spilling to disk do not change the report", "[report]") {
    const Built ref = build(Layout::by_employee);
    const Built reversed = build(Layout::by_employee, Lang::es, 24u << 20, true);
    CHECK(reversed.sink.rows == ref.sink.rows);
    for (Layout l : {Layout::by_activity, Layout::by_group}) {
        CHECK(build(l, Lang::es, 24u << 20, true).sink.rows == build(l).sink.rows);
    }
}
