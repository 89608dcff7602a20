// Layout::payroll ("Variables de nómina"), the daily register's payroll
// columns and the Resumen's figures on the hand-made week of
// payroll_fixture.hpp: exact values, missing sources as empty cells, and
// the sums that must agree across layouts.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "payroll_fixture.hpp"
#include "report/labels.hpp"
#include "reportgen/sinks.hpp"
#include "support/files.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

// Cell i of a row rendered "a|b|c".
std::string cell(const std::string& row, std::size_t i) {
    std::size_t start = 0;
    for (std::size_t k = 0; k < i; ++k)
        start = row.find('|', start) + 1;
    const auto end = row.find('|', start);
    return row.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

// The sum of column i of the TOTAL rows (durations).
int64_t total_column(const HandSink& s, std::size_t i) {
    int64_t sum = 0;
    for (std::size_t r = 0; r < s.rows.size(); ++r)
        if (s.total[r]) sum += hms(cell(s.rows[r], i));
    return sum;
}

}  // namespace

TEST_CASE("payroll: one row per employee, exact figures, company TOTAL", "[report][payroll]") {
    const PayrollSources src = payroll_sources();
    const auto r = payroll_report(Layout::payroll, &src);
    CHECK(r.sink.header ==
          std::vector<std::string>{
              "Empleado", "Tipo ID", "Nº ID", "Código", "Días trabajados", "Tiempo registrado",
              "Pausas retribuidas", "Pausas no retribuidas", "Tiempo efectivo", "Horas teóricas",
              "Balance", "Horas extra", "Horas nocturnas", "Días de vacaciones",
              "Días de ausencia retribuidos", "Días de ausencia no retribuidos",
              "Festivos trabajados", "Registros abiertos", "Sesame: tiempo trabajado",
              "Sesame: balance", "Sesame: horas nocturnas", "Diferencia", "Revisar",
              "Incidencias", "Validación"});
    const std::vector<std::string> expected = {
        // By surname, then first name: Díaz, (the unknown employee's label),
        // Gil, López, Ruiz.
        // Part time; the DST night counts 9 h (7 h of night); 1 h of
        // overtime; Sesame's 19 h is 2 h off: to check.
        "Bruno Díaz|nie|X2|102|4|21:00:00|00:00:00|00:00:00|21:00:00|20:00:00|01:00:00|"
        "01:00:00|07:00:00|0|0|0|1|0|19:00:00|-01:00:00|07:00:00|02:00:00|Sí|"
        "2|",  // the holiday, 9 h of night work without a break
        // Only Sesame's figures (no night figure: empty).
        "Empleado desconocido|dni|No disponible||0|00:00:00|00:00:00|00:00:00|00:00:00|"
        "00:00:00|00:00:00|00:00:00|00:00:00|0|0|0|0|0|01:00:00|01:00:00||-01:00:00|Sí|0|",
        // Only days off (the one on 2 April is outside the period).
        "Dario Gil|dni|4D|104|0|00:00:00|00:00:00|00:00:00|00:00:00|00:00:00|00:00:00|"
        "00:00:00|00:00:00|2|1|1|0|0|00:00:00|00:00:00|00:00:00|00:00:00|No|0|",
        // Five workdays, one on a holiday, one on vacation; the open pause
        // leaves a row open; 30 s from Sesame is within the minute.
        "Ana López|dni|1A|101|5|28:00:00|00:15:00|01:15:00|26:45:00|40:00:00|-13:15:00|"
        "00:00:00|07:30:00|1|0|0|1|1|26:45:30|-13:14:30|07:30:00|-00:00:30|No|"
        // Compliance incidents: work on the holiday and on the vacation day,
        // the open row, 9 h 30 m on the 29th.
        "4|",
        // Not in the statistics nor the employees: their cells empty, never 0.
        "Carla Ruiz|dni|3C||1|04:00:00|00:00:00|00:00:00|04:00:00||||00:00:00|0|0|0|0|0|"
        "|||||0|",
        "TOTAL||||10|53:00:00|00:15:00|01:15:00|51:45:00|60:00:00|-12:15:00|01:00:00|"
        "14:30:00|3|1|1|2|1|46:45:30|-13:14:30|14:30:00|00:59:30|2|6|",
    };
    CHECK(r.sink.rows == expected);
    CHECK(r.sink.total == std::vector<bool>{false, false, false, false, false, true});
    CHECK(r.sink.whole_report == std::vector<bool>{false, false, false, false, false, true});
    CHECK(r.metrics.rows_written == 5);
    CHECK(r.metrics.total_rows == 1);
    CHECK(r.metrics.planned_s == 60 * kH);
    CHECK(r.metrics.overtime_s == kH);
    CHECK(r.metrics.reconciliation_differences == 2);
    CHECK(r.metrics.reconciliation_abs_diff_s == 3 * kH);
}

TEST_CASE("payroll: English labels", "[report][payroll]") {
    const PayrollSources src = payroll_sources();
    const auto r = payroll_report(Layout::payroll, &src, Lang::en);
    REQUIRE(r.sink.header.size() == 25);
    CHECK(r.sink.header[24] == "Validation");
    CHECK(r.sink.header[23] == "Incidents");
    CHECK(r.sink.header[3] == "Code");
    CHECK(r.sink.header[11] == "Overtime");
    CHECK(r.sink.header[22] == "Check");
    CHECK(cell(r.sink.rows[0], 22) == "Yes");  // Bruno Díaz
    // English collation: "Unknown employee" sorts last, under U.
    CHECK(cell(r.sink.rows[4], 0) == "Unknown employee");
    CHECK(cell(r.sink.rows[4], 2) == "Not available");
    CHECK(cell(r.sink.rows.back(), 0) == "TOTAL");
}

TEST_CASE("payroll: without sources the Sesame figures are empty, ours are whole",
          "[report][payroll]") {
    const auto r = payroll_report(Layout::payroll, nullptr);
    const std::vector<std::string> expected = {
        // Without the holidays no holiday_work: the incidents the entries show.
        "Bruno Díaz|nie|X2||4|21:00:00|00:00:00|00:00:00|21:00:00||||07:00:00|||||0||||||1|",
        "Ana López|dni|1A||5|28:00:00|00:15:00|01:15:00|26:45:00||||07:30:00|||||1||||||2|",
        "Carla Ruiz|dni|3C||1|04:00:00|00:00:00|00:00:00|04:00:00||||00:00:00|||||0||||||0|",
        "TOTAL||||10|53:00:00|00:15:00|01:15:00|51:45:00||||14:30:00|||||1||||||3|",
    };
    CHECK(r.sink.rows == expected);
    CHECK(r.metrics.planned_s == 0);
    CHECK(r.metrics.reconciliation_differences == 0);
}

TEST_CASE("payroll: a source not read leaves its cells empty", "[report][payroll]") {
    PayrollSources src = payroll_sources();
    src.read[static_cast<int>(PayrollSource::worked_night_hours)] = false;
    src.read[static_cast<int>(PayrollSource::vacation_days)] = false;
    src.read[static_cast<int>(PayrollSource::holidays)] = false;
    src.read[static_cast<int>(PayrollSource::employees)] = false;
    const auto r = payroll_report(Layout::payroll, &src);
    REQUIRE(r.sink.rows.size() > 3);
    CHECK(r.sink.rows[3] ==  // after Díaz, the unknown employee and Gil
          "Ana López|dni|1A||5|28:00:00|00:15:00|01:15:00|26:45:00|40:00:00|-13:15:00|"
          "00:00:00|07:30:00||0|0||1|26:45:30|-13:14:30||-00:00:30|No|4|");
}

// (The payroll layout throws on a row from the sorter: every payroll test
// would fail if the builder pushed one.)
TEST_CASE("payroll: the CSV renders negatives with their sign",
          "[report][payroll]") {
    const PayrollSources src = payroll_sources();
    StringByteSink bytes;
    CsvOptions opt;
    opt.bom = false;
    CsvSink csv(bytes, opt);
    Metrics m;
    run_payroll(payroll_request(Layout::payroll), &src, csv, m);
    csv.finish();
    CHECK(bytes.str().find(
              "\r\nAna López,dni,1A,101,5,28:00:00,00:15:00,01:15:00,26:45:00,40:00:00,-13:15:00,") !=
          std::string::npos);
}

TEST_CASE("daily: planned time, balance and the breaks of each day", "[report][daily][payroll]") {
    const PayrollSources src = payroll_sources(true);
    const auto r = payroll_report(Layout::daily, &src);
    std::vector<std::string> ana;
    for (const auto& row : r.sink.rows)
        if (row.rfind("Ana López|", 0) == 0) ana.push_back(row);
    const std::vector<std::string> expected = {
        "Ana López|dni|1A|25/03/2024|09:00:00|18:00:00|09:00:00|01:00:00|3|No|00:45:00|"
        "08:15:00|00:00:00|08:00:00|00:15:00|11:00:00-11:15:00 (retribuida); 14:00:00-14:45:00|",
        // The open pause: listed without an end, counted 0; the row is open.
        "Ana López|dni|1A|26/03/2024|09:00:00||04:00:00|00:00:00|1|Sí|00:00:00|04:00:00|"
        "00:00:00|08:00:00|-04:00:00|13:00:00-|long_entry: Fichaje sin salida o excesivo",
        "Ana López|dni|1A|27/03/2024|10:00:00|14:00:00|04:00:00|00:00:00|1|No|00:00:00|"
        "04:00:00|00:00:00|08:00:00|-04:00:00||",
        "Ana López|dni|1A|28/03/2024|09:00:00|10:00:00|01:00:00|00:00:00|1|No|00:00:00|"
        "01:00:00|00:00:00|08:00:00|-07:00:00||",
        // The night shift: the unpaid pause inside the night is not night time.
        "Ana López|dni|1A|29/03/2024|21:00:00|07:00:00(+1)|10:00:00|00:30:00|2|No|00:30:00|"
        "09:30:00|07:30:00|08:00:00|01:30:00|02:00:00 (+1)-02:30:00 (+1)|"
        "daily_max: Jornada diaria máxima",
        "Ana López|dni|1A|TOTAL|||28:00:00|01:30:00|8||01:15:00|26:45:00|07:30:00|40:00:00|"
        "-13:15:00||",
    };
    // "Modificado": empty (no traces here); the days worked; Saturday and
    // Sunday without entries nor planned time listed: "Sin registros", the
    // planned time and balance empty; the TOTAL's overtime (none: the
    // balance is negative) and days worked (five; no days-off source read);
    // "Validación" empty (no validations here).
    std::vector<std::string> rows = expected;
    for (std::string& row : rows) row += "||Trabajado||||||";
    rows.insert(rows.end() - 1, {"Ana López|dni|1A|30/03/2024|||00:00:00|00:00:00|0||00:00:00|"
                                 "00:00:00|00:00:00||||||Sin registros||||||",
                                 "Ana López|dni|1A|31/03/2024|||00:00:00|00:00:00|0||00:00:00|"
                                 "00:00:00|00:00:00||||||Sin registros||||||"});
    rows.back() = expected.back() + "||||00:00:00|5|||";
    CHECK(ana == rows);
    // A day with no planned time listed (Saturday): empty, and the TOTAL
    // sums the days that have one, with entries or not: Thursday and
    // Friday, without entries, count 4 h planned and -4 h balance each.
    CHECK(std::find(r.sink.rows.begin(), r.sink.rows.end(),
                    "Bruno Díaz|nie|X2|30/03/2024|21:00:00|07:00:00(+1)|09:00:00|00:00:00|1|No|"
                    "00:00:00|09:00:00|07:00:00||||break_6h: Pausa en jornada continuada||"
                    "Trabajado||||||") !=
          r.sink.rows.end());
    CHECK(std::find(r.sink.rows.begin(), r.sink.rows.end(),
                    "Bruno Díaz|nie|X2|TOTAL|||21:00:00|00:00:00|4||00:00:00|21:00:00|07:00:00|"
                    "20:00:00|-08:00:00||||||00:00:00|4|||") != r.sink.rows.end());
    // Carla has no planned time: empty cells, never a wrong 0.
    CHECK(std::find(r.sink.rows.begin(), r.sink.rows.end(),
                    "Carla Ruiz|dni|3C|TOTAL|||04:00:00|00:00:00|1||00:00:00|04:00:00|00:00:00|||||"
                    "||||1|||") !=
          r.sink.rows.end());
}

TEST_CASE("daily: the October DST night counts 11 h, 9 of them night", "[report][daily][payroll]") {
    ReportRequest req;
    req.from = {2024, 10, 26};
    req.to = {2024, 10, 27};
    req.layout = Layout::daily;
    const auto r = hand_report(req, {{"e1", "Ana", "López", "dni", "1A"}},
                               {{1, "2024-10-26T21:00:00+02:00", "2024-10-27T07:00:00+01:00"}});
    CHECK(r.sink.rows == std::vector<std::string>{
                             "Ana López|dni|1A|26/10/2024|21:00:00|07:00:00(+1)|11:00:00|00:00:00|1|"
                             "No|00:00:00|11:00:00|09:00:00||||daily_max: Jornada diaria máxima; "
                             "break_6h: Pausa en jornada continuada||Trabajado||||||",
                             "Ana López|dni|1A|27/10/2024|||00:00:00|00:00:00|0||00:00:00|"
                             "00:00:00|00:00:00||||||Sin registros||||||",
                             // The period's incident on the TOTAL row.
                             "Ana López|dni|1A|TOTAL|||11:00:00|00:00:00|1||00:00:00|11:00:00|"
                             "09:00:00||||night_avg: Media de jornada nocturna|||||1|||"});
}

TEST_CASE("Resumen: effective, unpaid pauses, night, planned and balance per employee",
          "[report][summary][payroll]") {
    const PayrollSources src = payroll_sources();
    const auto r = payroll_report(Layout::by_employee, &src);
    const auto& s = r.sink.summary_kept;
    REQUIRE(s.employees.size() == 3);  // those with a shift in the report
    const auto& ana = s.employees[1];  // after Bruno Díaz
    CHECK(ana.name == "Ana López");
    CHECK(ana.worked_s == 28 * kH);
    CHECK(ana.effective_s == 26 * kH + 45 * kM);
    CHECK(ana.unpaid_pause_s == kH + 15 * kM);
    CHECK(ana.night_s == 7 * kH + 30 * kM);
    CHECK(ana.has_planned);
    CHECK(ana.planned_s == 40 * kH);
    CHECK(s.employees[0].planned_s == 20 * kH);
    CHECK_FALSE(s.employees[2].has_planned);  // Carla: not in the statistics
    CHECK(s.has_planned);
    CHECK(s.planned_s == 60 * kH);
    CHECK(s.balance_s == -(12 * kH + 15 * kM));
    CHECK(r.metrics.planned_s == 60 * kH);
    CHECK(r.metrics.overtime_s == kH);

    // The per-day planned time sums to the period's when that is all there is.
    const PayrollSources daily = payroll_sources(true);
    const auto d = payroll_report(Layout::by_employee, &daily);
    CHECK(d.sink.summary_kept.employees[1].planned_s == 40 * kH);
    CHECK(d.sink.summary_kept.employees[0].planned_s == 20 * kH);
    CHECK_FALSE(payroll_report(Layout::by_employee, nullptr).sink.summary_kept.has_planned);
}

TEST_CASE("payroll, daily, Resumen and metrics agree on effective time and presence",
          "[report][payroll][sums]") {
    const PayrollSources src = payroll_sources();
    const PayrollSources daily_src = payroll_sources(true);
    const auto payroll = payroll_report(Layout::payroll, &src);
    const auto daily = payroll_report(Layout::daily, &daily_src);
    const auto by_employee = payroll_report(Layout::by_employee, &src);
    const std::string& total = payroll.sink.rows.back();
    const int64_t effective = hms(cell(total, 8));
    const int64_t presence = hms(cell(total, 5));
    CHECK(effective == 51 * kH + 45 * kM);
    CHECK(presence == 53 * kH);
    CHECK(total_column(daily.sink, 11) == effective);
    CHECK(total_column(daily.sink, 6) == presence);
    CHECK(daily.sink.summary_kept.effective_s == effective);
    CHECK(by_employee.sink.summary_kept.effective_s == effective);
    CHECK(by_employee.sink.summary_kept.worked_s == presence);
    CHECK(sum_of_totals(by_employee.sink) == presence);
    for (const auto* m : {&payroll.metrics, &daily.metrics, &by_employee.metrics}) {
        CHECK(m->effective_s == effective);
        CHECK(m->presence_s == presence);
    }
}

TEST_CASE("payroll and daily split one file per employee, the company TOTAL in none",
          "[report][payroll][split]") {
    const PayrollSources src = payroll_sources();
    for (const Layout layout : {Layout::payroll, Layout::daily}) {
        INFO(to_string(layout));
        TempDir dir;
        ReportRequest req = payroll_request(layout);
        req.format = Format::csv;
        req.csv.bom = false;
        EmployeeSplitSink split(req, dir.file("{employee}.csv"));
        Metrics m;
        run_payroll(req, &src, split, m);
        split.finish();
        std::vector<std::string> files = split.files();
        std::sort(files.begin(), files.end());
        if (layout == Layout::payroll) {
            CHECK(files == std::vector<std::string>{
                               dir.file("Ana_López.csv"), dir.file("Bruno_Díaz.csv"),
                               dir.file("Carla_Ruiz.csv"), dir.file("Dario_Gil.csv"),
                               dir.file("Empleado_desconocido.csv")});
            const std::string ana = read_file(dir.file("Ana_López.csv"));
            CHECK(ana.find("Ana López,dni,1A,101,5,") != std::string::npos);
            CHECK(ana.find("TOTAL") == std::string::npos);
        } else {
            CHECK(files == std::vector<std::string>{dir.file("Ana_López.csv"),
                                                    dir.file("Bruno_Díaz.csv"),
                                                    dir.file("Carla_Ruiz.csv")});
            // The employee's TOTAL row stays in the employee's file.
            const std::string carla = read_file(dir.file("Carla_Ruiz.csv"));
            CHECK(carla.find("Carla Ruiz,dni,3C,TOTAL,") != std::string::npos);
            CHECK(carla.find("Ana") == std::string::npos);
        }
    }
}

TEST_CASE("daily: Pausas is the pauses' clock-out minus clock-in, not workedSeconds",
          "[report][daily][payroll]") {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 10};
    req.layout = Layout::daily;
    // The pause's workedSeconds says 10 min; its clock times say 15.
    const auto r = hand_report(req, {{"e1", "Ana", "López", "dni", "1A"}},
                               {{1, "2024-01-10T09:00:00+01:00", "2024-01-10T11:00:00+01:00"},
                                {2, "2024-01-10T11:00:00+01:00", "2024-01-10T11:15:00+01:00", true,
                                 600},
                                {3, "2024-01-10T11:15:00+01:00", "2024-01-10T13:00:00+01:00"}});
    REQUIRE(r.sink.rows.size() == 2);
    CHECK(cell(r.sink.rows[0], 7) == "00:15:00");
    CHECK(cell(r.sink.rows[0], 10) == "00:15:00");
    CHECK(cell(r.sink.rows[0], 11) == "03:45:00");
    CHECK(cell(r.sink.rows[0], 15) == "11:00:00-11:15:00");
}

TEST_CASE("payroll: an employee whose entries all lie outside the range, with a day off in it",
          "[report][payroll]") {
    PayrollSources src;
    src.asked[static_cast<int>(PayrollSource::vacation_days)] = true;
    src.read[static_cast<int>(PayrollSource::vacation_days)] = true;
    src.days_off["e9"] = {{march(26), DayOffKind::vacation, 8 * kH, ""}};
    const auto r = hand_report(payroll_request(Layout::payroll), {{"e9", "Gema", "Sol", "dni", "9G"}},
                               {{1, "2024-03-20T09:00:00+01:00", "2024-03-20T13:00:00+01:00"}},
                               payroll_reference(), &src);
    // Named by her entries (no employees source); only the vacation source read.
    CHECK(r.sink.rows ==
          std::vector<std::string>{
              "Gema Sol|dni|9G||0|00:00:00|00:00:00|00:00:00|00:00:00||||00:00:00|1||||0||||||0|",
              "TOTAL||||0|00:00:00|00:00:00|00:00:00|00:00:00||||00:00:00|1||||0||||||0|"});
    CHECK(r.metrics.outside_range_dropped == 1);
}

TEST_CASE("daily: every day of the period with its kind, and the TOTAL's counts",
          "[report][daily][payroll]") {
    // Monday 25 to Sunday 31 March 2024. Carla works Monday only; Tuesday
    // is a holiday, Wednesday a vacation day, Thursday an absence, Friday a
    // workday without entries, the weekend rest (planned 0).
    PayrollSources src = payroll_sources(true);
    for (PayrollSource s :
         {PayrollSource::vacation_days, PayrollSource::absence_days, PayrollSource::holidays}) {
        src.asked[static_cast<int>(s)] = true;
        src.read[static_cast<int>(s)] = true;
    }
    src.planned_by_day["e3"] = {{march(25), 8 * kH}, {march(26), 0},      {march(27), 0},
                                {march(28), 0},      {march(29), 8 * kH}, {march(30), 0},
                                {march(31), 0}};
    src.days_off["e3"] = {{march(27), DayOffKind::vacation, 8 * kH, ""},
                          {march(28), DayOffKind::absence_paid, 8 * kH, "Médico"}};
    src.company_holidays = {march(26)};
    src.company_holiday_names = {{march(26), "Fiesta local"}};
    const auto r = payroll_report(Layout::daily, &src);
    std::vector<std::string> carla;
    for (const auto& row : r.sink.rows)
        if (row.rfind("Carla Ruiz|", 0) == 0) carla.push_back(row.substr(sizeof "Carla Ruiz|dni|3C|" - 1));
    // Empty days: no times, zero durations, planned time and balance = -planned.
    const std::string empty = "|||00:00:00|00:00:00|0||00:00:00|00:00:00|00:00:00|";
    CHECK(carla == std::vector<std::string>{
                       "25/03/2024|08:00:00|12:00:00|04:00:00|00:00:00|1|No|00:00:00|04:00:00|"
                       "00:00:00|08:00:00|-04:00:00||||Trabajado||||||",
                       "26/03/2024" + empty + "00:00:00|00:00:00||||Festivo: Fiesta local||||||",
                       "27/03/2024" + empty + "00:00:00|00:00:00||||Vacaciones||||||",
                       "28/03/2024" + empty + "00:00:00|00:00:00||||Ausencia: Médico||||||",
                       "29/03/2024" + empty + "08:00:00|-08:00:00||||Sin registros||||||",
                       "30/03/2024" + empty + "00:00:00|00:00:00||||Descanso||||||",
                       "31/03/2024" + empty + "00:00:00|00:00:00||||Descanso||||||",
                       // Overtime none; 1 day worked, 1 of vacation, 1 of absence.
                       "TOTAL|||04:00:00|00:00:00|1||00:00:00|04:00:00|00:00:00|16:00:00|"
                       "-12:00:00||||||00:00:00|1|1|1|",
                   });
    // Work on the holiday is a worked day, and compliance's holiday_work.
    const auto ana_26 = std::find_if(r.sink.rows.begin(), r.sink.rows.end(), [](const auto& row) {
        return row.rfind("Ana López|dni|1A|26/03/2024|", 0) == 0;
    });
    REQUIRE(ana_26 != r.sink.rows.end());
    CHECK(ana_26->find("holiday_work") != std::string::npos);
    CHECK(ana_26->find("|Trabajado|") != std::string::npos);
    // The same days in English.
    const auto en = payroll_report(Layout::daily, &src, Lang::en);
    std::vector<std::string> kinds;
    for (const auto& row : en.sink.rows)
        if (row.rfind("Carla Ruiz|", 0) == 0 && row.find("|TOTAL|") == std::string::npos)
            kinds.push_back(cell(row, 18));  // "Kind of day"
    CHECK(kinds == std::vector<std::string>{"Worked", "Holiday: Fiesta local", "Vacation",
                                            "Absence: Médico", "No entries", "Rest", "Rest"});
}

TEST_CASE("daily: each worker announced before its first row: code, SSN, planned time, validation",
          "[report][daily][payroll]") {
    PayrollSources src = payroll_sources(true);
    for (PayrollSource s : {PayrollSource::employees, PayrollSource::validations}) {
        src.asked[static_cast<int>(s)] = true;
        src.read[static_cast<int>(s)] = true;
    }
    src.employees = {{"e1", "Ana López", "dni", "1A", true, 101, 3, "281234567840"},
                     {"e2", "Bruno Díaz", "nie", "X2", true, std::nullopt, 5, ""}};
    CheckValidation v;
    v.start_day = march(1);
    v.end_day = march(31);
    v.status = ValidationStatus::accepted;
    v.updated_day = march(32);
    src.validations["e1"] = {v};
    const auto r = payroll_report(Layout::daily, &src);
    // Bruno Díaz, Ana López, Carla Ruiz (by surname), one call each, each
    // right before the worker's first row and after the previous TOTAL.
    REQUIRE(r.sink.workers.size() == 3);
    for (const KeptWorker& w : r.sink.workers) {
        INFO(w.name);
        REQUIRE(w.at_row < r.sink.rows.size());
        CHECK(r.sink.rows[w.at_row].rfind(w.name + "|" + w.identity_type + "|" + w.nid + "|", 0) ==
              0);
        CHECK((w.at_row == 0 || r.sink.total[w.at_row - 1]));
    }
    const KeptWorker& bruno = r.sink.workers[0];
    const KeptWorker& ana = r.sink.workers[1];
    const KeptWorker& carla = r.sink.workers[2];
    CHECK(bruno.name == "Bruno Díaz");
    CHECK(bruno.code == -1);  // listed without a code
    CHECK(bruno.ssn.empty());
    CHECK(bruno.planned_s == 5 * 4 * kH);
    CHECK(bruno.validation.empty());  // none in the source
    CHECK(ana.name == "Ana López");
    CHECK(ana.code == 101);
    CHECK(ana.ssn == "281234567840");
    CHECK(ana.validation == "aceptado 2024-04-01");
    // The planned time is the TOTAL row's "Horas teóricas", known before it.
    CHECK(ana.planned_s == 5 * 8 * kH);
    for (std::size_t i = 0; i < r.sink.rows.size(); ++i)
        if (r.sink.total[i] && r.sink.rows[i].rfind("Ana López|", 0) == 0) {
            CHECK(hms(cell(r.sink.rows[i], 13)) == ana.planned_s);
            CHECK(cell(r.sink.rows[i], 24) == ana.validation);  // "Validación"
        }
    CHECK(carla.name == "Carla Ruiz");  // not in the employees source
    CHECK(carla.code == -1);
    CHECK(carla.ssn.empty());
    CHECK(carla.planned_s == -1);  // no planned time for her
    // The payroll announces each worker before their row (code, SSN,
    // validation; no planned time); by_activity none.
    const auto payroll = payroll_report(Layout::payroll, &src);
    REQUIRE(payroll.sink.workers.size() + 1 == payroll.sink.rows.size());  // + the company TOTAL
    for (std::size_t i = 0; i < payroll.sink.workers.size(); ++i) {
        const auto& w = payroll.sink.workers[i];
        CHECK(w.at_row == i);
        CHECK(payroll.sink.rows[i].rfind(w.name + "|", 0) == 0);
        CHECK(w.planned_s == -1);
    }
    const auto ana_p = std::find_if(payroll.sink.workers.begin(), payroll.sink.workers.end(),
                                    [](const auto& w) { return w.name == "Ana López"; });
    REQUIRE(ana_p != payroll.sink.workers.end());
    CHECK(ana_p->code == 101);
    CHECK(ana_p->ssn == "281234567840");
    CHECK(ana_p->validation == "aceptado 2024-04-01");
    CHECK(payroll_report(Layout::by_activity, &src).sink.workers.empty());
}

TEST_CASE("needed_sources: the daily register reads the employees as PDF or XLSX, not as CSV",
          "[report][daily][payroll]") {
    ReportRequest req = payroll_request(Layout::daily);
    const auto wants = [&req](Format f) {
        req.format = f;
        return needed_sources(req).need[static_cast<int>(PayrollSource::employees)];
    };
    CHECK(wants(Format::pdf));
    CHECK(wants(Format::xlsx));
    CHECK_FALSE(wants(Format::csv));
    CHECK_FALSE(wants(Format::csv_gz));
}
