// Layout::daily (--type daily), the attendance register: one row per
// employee and workday, a TOTAL row per employee for the period. Rows
// hand-computed from the semantics fixtures (a night shift, pauses first,
// in a row and last, open entries, clock-out before clock-in).
#include <catch2/catch.hpp>

#include "hand_report.hpp"
#include "report/labels.hpp"
#include "reportgen/sinks.hpp"
#include "semantics_fixture.hpp"
#include "support/xlsx_xml.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

// The presence column ("Tiempo registrado") of a daily row is the 18th cell
// from the end.
constexpr std::size_t kWorkedFromEnd = 18;

// The rows with the register's "Incidencias" column, one value per row,
// "Modificado" empty (these entries carry no trace), then the kind of day
// (these rows are all of days with entries: worked), "Lugar" empty (no
// place read) and, on a TOTAL row,
// the period's overtime (no planned time: empty), days worked (`days`) and
// days off (no source: empty); "Validación" last, empty (no
// check-validation source).
std::vector<std::string> with_incidents(std::vector<std::string> rows,
                                        const std::vector<std::string>& incidents,
                                        const std::vector<int>& days = {}) {
    REQUIRE(rows.size() == incidents.size());
    std::size_t totals = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i] += "|" + incidents[i] + "|";
        if (rows[i].find("|TOTAL|") == std::string::npos) {
            rows[i] += "|Trabajado||||||";
        } else {
            REQUIRE(totals < days.size());
            rows[i] += "||||" + std::to_string(days[totals++]) + "|||";
        }
    }
    return rows;
}

// A day without entries, no sources read: times empty, durations zero, and
// (its planned time unknown) "Sin registros".
std::string empty_day(const std::string& who, const std::string& date,
                      const std::string& incidents = "") {
    return who + "|" + date + "|||00:00:00|00:00:00|0||00:00:00|00:00:00|00:00:00||||" +
           incidents + "||Sin registros||||||";
}

// `rows`, with the empty days inserted before rows[at] for each (at, row).
std::vector<std::string> with_days(std::vector<std::string> rows,
                                   const std::vector<std::pair<std::size_t, std::string>>& days) {
    for (auto it = days.rbegin(); it != days.rend(); ++it)
        rows.insert(rows.begin() + static_cast<std::ptrdiff_t>(it->first), it->second);
    return rows;
}

}  // namespace

TEST_CASE("daily: exact rows, order and TOTAL rows (Spanish)", "[report][daily]") {
    const auto b = semantics_report<HandSink>(Layout::daily);
    CHECK(b.sink.header ==
          std::vector<std::string>{"Empleado", "Tipo ID", "Nº ID", "Fecha", "Primera entrada",
                                   "Última salida", "Tiempo registrado", "Pausas",
                                   "Nº de registros", "Registro abierto", "Pausas no retribuidas",
                                   "Tiempo efectivo", "Horas nocturnas", "Horas teóricas",
                                   "Balance", "Detalle de pausas", "Incidencias",
                                   "Modificado", "Tipo de día", "Lugar", "Horas extra",
                                   "Días trabajados", "Días de vacaciones",
                                   "Días de ausencia", "Validación"});
    // No sources: planned time and balance empty. Untyped pauses are unpaid.
    const std::vector<std::string> expected = {
        // Ordered by surname, then first name (Spanish collation).
        "Zoë Ærø|other|P-99|10/01/2024|07:00:00|15:00:00|08:00:00|00:00:00|1|No|00:00:00|"
        "08:00:00|00:00:00|||",
        // +01:00 clock-in, Z clock-out: each shown in its own offset.
        "Zoë Ærø|other|P-99|11/01/2024|16:00:00|16:30:00|01:30:00|00:00:00|1|No|00:00:00|"
        "01:30:00|00:00:00|||",
        // Clock-out before clock-in counts 0; the open entry blanks the last clock-out.
        "Zoë Ærø|other|P-99|12/01/2024|10:00:00||00:02:00|00:00:00|2|Sí|00:00:00|00:02:00|"
        "00:00:00|||",
        "Zoë Ærø|other|P-99|TOTAL|||09:32:00|00:00:00|4||00:00:00|09:32:00|00:00:00|||",
        // An open entry: no last clock-out; the pause-only shift is not a day.
        "Empleado desconocido|dni|00000000T|12/01/2024|17:00:00||01:00:00|00:00:00|1|Sí|"
        "00:00:00|01:00:00|00:00:00|||",
        "Empleado desconocido|dni|00000000T|TOTAL|||01:00:00|00:00:00|1||00:00:00|01:00:00|"
        "00:00:00|||",
        // The night shift: last clock-out and the break on the next day;
        // night 22:00-06:00 less the 27 min pause.
        "José Núñez|dni|12345678Z|10/01/2024|21:54:19|06:01:00(+1)|08:06:41|00:27:00|3|No|"
        "00:27:00|07:39:41|07:33:00|||02:00:00 (+1)-02:27:00 (+1)",
        "José Núñez|dni|12345678Z|TOTAL|||08:06:41|00:27:00|3||00:27:00|07:39:41|07:33:00|||",
        // Two shifts the same workday: one row; the early one's 05:50-06:00 is night.
        "Ana, María O\"Brien|nie|X1234567L|11/01/2024|05:50:00|22:00:00|09:40:00|00:15:00|3|No|"
        "00:15:00|09:25:00|00:10:00|||09:00:00-09:15:00",
        "Ana, María O\"Brien|nie|X1234567L|TOTAL|||09:40:00|00:15:00|3||00:15:00|09:25:00|"
        "00:10:00|||",
        // Pauses first (10 min), two in a row (10 min) and last (30 min).
        "=cmd Test|dni|No disponible|12/01/2024|08:00:00|15:30:00|06:30:00|00:50:00|3|No|"
        "00:50:00|05:40:00|00:00:00|||08:00:00-08:10:00; 14:00:00-14:05:00; "
        "14:05:00-14:10:00; 15:00:00-15:30:00",
        "=cmd Test|dni|No disponible|TOTAL|||06:30:00|00:50:00|3||00:50:00|05:40:00|00:00:00|||",
    };
    // Two shifts on one workday are two workdays for the checks: the rest
    // between them (Ana's, Zoë's 12th) is a daily_rest.
    const std::string rest = "daily_rest: Descanso entre jornadas";
    const std::string open = "long_entry: Fichaje sin salida o excesivo";
    // Every day of the period (10 to 12 January) has its row: those without
    // entries come between.
    const std::string cmd = "=cmd Test|dni|No disponible", ana = "Ana, María O\"Brien|nie|X1234567L",
                      unknown = "Empleado desconocido|dni|00000000T",
                      jose = "José Núñez|dni|12345678Z";
    CHECK(b.sink.rows ==
          with_days(with_incidents(expected, {"break_6h: Pausa en jornada continuada", "",
                                              rest + "; " + open, "", open, "", "", "", rest, "",
                                              "", ""},
                                   {3, 1, 1, 1, 1}),
                    {{4, empty_day(unknown, "10/01/2024")},
                     {4, empty_day(unknown, "11/01/2024")},
                     {7, empty_day(jose, "11/01/2024")},
                     {7, empty_day(jose, "12/01/2024")},
                     {8, empty_day(ana, "10/01/2024")},
                     {9, empty_day(ana, "12/01/2024")},
                     {10, empty_day(cmd, "10/01/2024")},
                     {10, empty_day(cmd, "11/01/2024")}}));
    for (std::size_t i = 0; i < b.sink.rows.size(); ++i)
        CHECK(b.sink.total[i] == (b.sink.rows[i].find("|TOTAL|") != std::string::npos));
    CHECK(b.metrics.rows_written == 15);
    CHECK(b.metrics.total_rows == 5);
    CHECK(b.sink.summary_kept.calls == 1);
}

TEST_CASE("daily: English labels", "[report][daily]") {
    const auto b = semantics_report<HandSink>(Layout::daily, Lang::en);
    CHECK(b.sink.header ==
          std::vector<std::string>{"Employee", "ID type", "ID number", "Date", "First clock-in",
                                   "Last clock-out", "Recorded time", "Break time", "Entries",
                                   "Open entry", "Unpaid break time", "Effective time",
                                   "Night time", "Planned time", "Balance", "Breaks",
                                   "Incidents", "Modified", "Kind of day", "Place", "Overtime",
                                   "Days worked", "Vacation days", "Absence days",
                                   "Validation"});
    const std::vector<std::string> some = {
        "=cmd Test|dni|Not available|12/01/2024|08:00:00|15:30:00|06:30:00|00:50:00|3|No|"
        "00:50:00|05:40:00|00:00:00|||08:00:00-08:10:00; 14:00:00-14:05:00; "
        "14:05:00-14:10:00; 15:00:00-15:30:00|||Worked||||||",
        "Unknown employee|dni|00000000T|11/01/2024|||00:00:00|00:00:00|0||00:00:00|00:00:00|"
        "00:00:00||||||No entries||||||",
        "Unknown employee|dni|00000000T|12/01/2024|17:00:00||01:00:00|00:00:00|1|Yes|00:00:00|"
        "01:00:00|00:00:00||||long_entry: Forgotten clock-out||Worked||||||",
        "Unknown employee|dni|00000000T|TOTAL|||01:00:00|00:00:00|1||00:00:00|01:00:00|"
        "00:00:00|||||||||1|||",
    };
    for (const auto& row : some) {
        INFO(row);
        CHECK(std::find(b.sink.rows.begin(), b.sink.rows.end(), row) != b.sink.rows.end());
    }
    for (const auto& r : b.sink.rows)
        CHECK(r.find("Sí") == std::string::npos);
}

TEST_CASE("daily: worked TOTALs equal the by_employee TOTALs, and the summary", "[report][daily]") {
    const auto daily = semantics_report<HandSink>(Layout::daily);
    const auto by_employee = semantics_report<HandSink>(Layout::by_employee);
    CHECK(sum_of_totals(daily.sink, kWorkedFromEnd) == 125321);
    CHECK(sum_of_totals(daily.sink, kWorkedFromEnd) == sum_of_totals(by_employee.sink));
    CHECK(daily.sink.summary_kept.worked_s == 125321);
    // Day rows sum to their TOTAL row too.
    int64_t days = 0;
    for (std::size_t i = 0; i < daily.sink.rows.size(); ++i) {
        std::string r = daily.sink.rows[i];
        for (std::size_t k = 0; k < kWorkedFromEnd; ++k)
            r = r.substr(0, r.rfind('|'));
        if (!daily.sink.total[i]) days += hms(r.substr(r.rfind('|') + 1));
    }
    CHECK(days == 125321);
}

TEST_CASE("daily: range edges, days sorted, night shifts whole", "[report][daily]") {
    ReportRequest req;
    req.from = {2024, 1, 29};
    req.to = {2024, 1, 31};
    req.layout = Layout::daily;
    const std::vector<HandEmployee> emps = {{"e2", "Bruno", "Díaz", "nie", "X2"},
                                            {"e1", "Ana", "López", "dni", "1A"}};
    const std::vector<HandEntry> entries = {
        {10, "2024-01-28T22:00:00+01:00", "2024-01-29T06:00:00+01:00", false, {}, 1},
        {11, "2024-01-31T22:00:00+01:00", "2024-02-01T02:00:00+01:00", false, {}, 1},
        {12, "2024-02-01T02:00:00+01:00", "2024-02-01T02:20:00+01:00", true, {}, 1},
        {13, "2024-02-01T02:20:00+01:00", "2024-02-01T06:00:00+01:00", false, {}, 1},
        {20, "2024-01-30T09:00:00+01:00", "2024-01-30T13:00:00+01:00", false, {}, 0},
        {21, "2024-01-29T09:00:00+01:00", "", false, 1800, 0},
    };
    const auto r = hand_report(req, emps, entries);
    const std::vector<std::string> expected = {
        "Bruno Díaz|nie|X2|29/01/2024|09:00:00||00:30:00|00:00:00|1|Sí|00:00:00|00:30:00|"
        "00:00:00|||",
        "Bruno Díaz|nie|X2|30/01/2024|09:00:00|13:00:00|04:00:00|00:00:00|1|No|00:00:00|"
        "04:00:00|00:00:00|||",
        "Bruno Díaz|nie|X2|TOTAL|||04:30:00|00:00:00|2||00:00:00|04:30:00|00:00:00|||",
        // Díaz before López: by surname.
        "Ana López|dni|1A|31/01/2024|22:00:00|06:00:00(+1)|08:00:00|00:20:00|2|No|00:20:00|"
        "07:40:00|07:40:00|||02:00:00 (+1)-02:20:00 (+1)",
        "Ana López|dni|1A|TOTAL|||08:00:00|00:20:00|2||00:20:00|07:40:00|07:40:00|||",
    };
    CHECK(r.sink.rows ==
          with_days(with_incidents(expected,
                                   {"long_entry: Fichaje sin salida o excesivo", "", "", "", ""},
                                   {2, 1}),
                    {{2, empty_day("Bruno Díaz|nie|X2", "31/01/2024")},
                     {3, empty_day("Ana López|dni|1A", "29/01/2024")},
                     {3, empty_day("Ana López|dni|1A", "30/01/2024")}}));
    CHECK(r.metrics.outside_range_dropped == 1);
    req.layout = Layout::by_employee;
    CHECK(sum_of_totals(hand_report(req, emps, entries).sink) ==
          sum_of_totals(r.sink, kWorkedFromEnd));
}

TEST_CASE("daily: the CSV and XLSX sinks take its rows", "[report][daily]") {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 12};
    req.layout = Layout::daily;
    const std::vector<WorkEntry> entries = {
        make_entry({1, "2024-01-10T22:00:00+01:00", "2024-01-11T02:00:00+01:00"}),
        make_entry({2, "2024-01-11T02:00:00+01:00", "2024-01-11T02:30:00+01:00", true}),
        make_entry({3, "2024-01-11T02:30:00+01:00", "2024-01-11T06:00:00+01:00"}),
    };
    auto run = [&](RowSink& sink) {
        EntryStore store(req.memory_budget_bytes, "");
        store.employees().intern("e1", "Ana", "López", "dni", "1A", true);
        store.add(entries);
        Metrics m;
        ReportBuilder(req, {}).build(store, sink, m);
        sink.finish();
    };
    StringByteSink bytes;
    CsvOptions opt;
    opt.bom = false;
    CsvSink csv(bytes, opt);
    run(csv);
    CHECK(bytes.str() ==
          "Empleado,Tipo ID,Nº ID,Fecha,Primera entrada,Última salida,Tiempo registrado,"
          "Pausas,Nº de registros,Registro abierto,Pausas no retribuidas,Tiempo efectivo,"
          "Horas nocturnas,Horas teóricas,Balance,Detalle de pausas,Incidencias,Modificado,"
          "Tipo de día,Lugar,Horas extra,Días trabajados,Días de vacaciones,Días de ausencia,"
          "Validación\r\n"
          "Ana López,dni,1A,10/01/2024,22:00:00,06:00:00,08:00:00,00:30:00,2,No,00:30:00,"
          "07:30:00,07:30:00,,,02:00:00 (+1)-02:30:00 (+1),,,Trabajado,,,,,,\r\n"
          "Ana López,dni,1A,11/01/2024,,,00:00:00,00:00:00,0,,00:00:00,00:00:00,00:00:00,,,,,,"
          "Sin registros,,,,,,\r\n"
          "Ana López,dni,1A,12/01/2024,,,00:00:00,00:00:00,0,,00:00:00,00:00:00,00:00:00,,,,,,"
          "Sin registros,,,,,,\r\n"
          "Ana López,dni,1A,TOTAL,,,08:00:00,00:30:00,2,,00:30:00,07:30:00,07:30:00,,,,,,,,,1,,,"
          "\r\n");

    reportgen::test::TempDir dir;
    const std::string path = dir.file("daily.xlsx");
    {
        XlsxSink xlsx(path);
        run(xlsx);
    }
    const auto cells = reportgen::test::sheet_cells(
        reportgen::test::unzip_member(path, "xl/worksheets/sheet1.xml"));
    CHECK(cells.at("J1").text == "Registro abierto");
    CHECK(cells.at("P1").text == "Detalle de pausas");
    CHECK(cells.at("L2").number() == Approx(7.5 / 24));  // effective: a duration
    CHECK(cells.at("P2").text == "02:00:00 (+1)-02:30:00 (+1)");
    CHECK(cells.at("S2").text == "Trabajado");
    CHECK(cells.at("S3").text == "Sin registros");
    CHECK(cells.at("D5").text == "TOTAL");
    CHECK(cells.at("V5").number() == 1);  // days worked: a number cell
    CHECK(cells.at("I2").number() == 2);  // entries: a number cell
    CHECK(cells.at("I5").number() == 2);
    CHECK(cells.at("H2").number() == Approx(1800.0 / 86400));  // breaks: a duration
    CHECK(cells.at("J2").text == "No");
}

TEST_CASE("daily: --type daily names the layout and back", "[report][daily]") {
    REQUIRE(parse_layout("daily") == Layout::daily);
    CHECK(to_string(Layout::daily) == "daily");
    for (Layout l : {Layout::by_employee, Layout::by_activity, Layout::by_group, Layout::daily})
        CHECK(parse_layout(to_string(l)) == l);
    CHECK(header(Layout::daily, Lang::es).size() == 25);
    CHECK(header(Layout::daily, Lang::en).size() == 25);
}
