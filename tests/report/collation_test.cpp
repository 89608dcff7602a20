// Workers in collation order (docs/DESIGN.md "Report semantics" 4): surname,
// then first name, in Spanish (or English) collation, then the API id; the
// same order in every layout and in the summary.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "hand_report.hpp"
#include "report/collation.hpp"
#include "support/log_capture.hpp"

using namespace reportgen;
using namespace reportgen::test;

namespace {

// {id, first name, surname}; listed in no particular order.
const std::vector<HandEmployee> kStaff = {
    {"e01", "Óscar", "Zapata", "dni", "1"},  {"e02", "Íñigo", "de la Fuente", "dni", "2"},
    {"e03", "Ana", "Nuño", "dni", "3"},      {"e04", "Zoë", "Álvarez", "dni", "4"},
    {"e05", "Óscar", "Núñez", "dni", "5"},   {"e06", "Rosa", "Ñandú", "dni", "6"},
    {"e07", "Álvaro", "Zapata", "dni", "7"}, {"e09", "Leire", "Ibarra", "dni", "9"},
    {"e08", "Leire", "Ibarra", "dni", "8"},  {"e10", "Luis", "Chávez", "dni", "10"},
    {"e11", "Eva", "Cuesta", "dni", "11"},   {"e12", "Pilar", "Cerezo", "dni", "12"},
};

// One open entry each (a long_entry incident, so the incidents layout lists
// everyone too).
std::vector<HandEntry> one_entry_each() {
    std::vector<HandEntry> out;
    for (uint32_t i = 0; i < kStaff.size(); ++i)
        out.emplace_back(100 + i, "2024-01-10T09:00:00+01:00", "", false, 3600, i);
    return out;
}

// The employees (first cell) in the order the rows list them, each once.
std::vector<std::string> employees_of(const HandSink& s) {
    std::vector<std::string> out;
    for (const std::string& r : s.rows) {
        const std::string name = r.substr(0, r.find('|'));
        if (name != "TOTAL" && (out.empty() || out.back() != name)) out.push_back(name);
    }
    return out;
}

std::vector<std::string> report_order(Layout layout, Lang lang) {
    ReportRequest req;
    req.from = {2024, 1, 10};
    req.to = {2024, 1, 10};
    req.layout = layout;
    req.lang = lang;
    return employees_of(hand_report(req, kStaff, one_entry_each()).sink);
}

}  // namespace

TEST_CASE("collation: workers by surname, then first name, Spanish order", "[report][collation]") {
    // Accents are no letters of their own (Álvarez under A, Íñigo with I);
    // ñ is one after n (Núñez, Nuño, then Ñandú); "ch" is no letter of its
    // own in modern Spanish (ICU's "es"): Cerezo, Chávez, Cuesta; a particle
    // sorts as written ("de la Fuente" under D); same surname: first name.
    const std::vector<std::string> es = {"Zoë Álvarez",   "Pilar Cerezo",       "Luis Chávez",
                                         "Eva Cuesta",    "Íñigo de la Fuente", "Leire Ibarra",
                                         "Óscar Núñez",   "Ana Nuño",           "Rosa Ñandú",
                                         "Álvaro Zapata", "Óscar Zapata"};
    for (const Layout layout :
         {Layout::by_employee, Layout::daily, Layout::payroll, Layout::incidents}) {
        INFO(std::string(to_string(layout)));
        CHECK(report_order(layout, Lang::es) == es);
    }
    // The summary (the XLSX "Resumen" sheet) in the same order, the equal
    // names by id: e08 (NID 8) before e09.
    ReportRequest req;
    req.from = req.to = {2024, 1, 10};
    const auto r = hand_report(req, kStaff, one_entry_each());
    std::vector<std::string> summary;
    for (const auto& e : r.sink.summary_kept.employees)
        summary.push_back(e.name + " " + e.nid);
    CHECK(summary == std::vector<std::string>{"Zoë Álvarez 4", "Pilar Cerezo 12", "Luis Chávez 10",
                                              "Eva Cuesta 11", "Íñigo de la Fuente 2",
                                              "Leire Ibarra 8", "Leire Ibarra 9", "Óscar Núñez 5",
                                              "Ana Nuño 3", "Rosa Ñandú 6", "Álvaro Zapata 7",
                                              "Óscar Zapata 1"});
}

TEST_CASE("collation: English puts ñ with n", "[report][collation]") {
    const std::vector<std::string> en = {"Zoë Álvarez",   "Pilar Cerezo",       "Luis Chávez",
                                         "Eva Cuesta",    "Íñigo de la Fuente", "Leire Ibarra",
                                         "Rosa Ñandú",    "Óscar Núñez",        "Ana Nuño",
                                         "Álvaro Zapata", "Óscar Zapata"};
    CHECK(report_order(Layout::by_employee, Lang::en) == en);
}

TEST_CASE("collation: keys compare as (surname, first name)", "[report][collation]") {
    const NameCollator es(Lang::es);
    // A surname that is a prefix of another sorts first, whatever the first
    // names: the keys' terminators, not the first names, decide.
    CHECK(es.key("Gil", "Zoe") < es.key("Gil Pérez", "Ana"));
    CHECK(es.key("Gil", "Ana") < es.key("Gil", "Zoe"));
    // Case and accents only break ties between otherwise equal names.
    CHECK(es.key("gil", "ana") < es.key("Gil", "Ana"));
    CHECK(es.key("Gil", "Ana") < es.key("Gil", "Ána"));
    CHECK(es.key("Gil", "Ána") < es.key("Gil", "Bea"));
    CHECK(es.key("Nuño", "") < es.key("Ñandú", ""));
    CHECK(NameCollator(Lang::en).key("Ñandú", "") < NameCollator(Lang::en).key("Nuño", ""));
}

TEST_CASE("a worker without an identity number: one warning naming them, counted",
          "[report][nid]") {
    test::LogCapture log;
    ReportRequest req;
    req.from = req.to = {2024, 1, 10};
    // No nid (null), blank, the API's "No disponible"; one with a number.
    const std::vector<HandEmployee> staff = {{"e1", "Ana", "Gil", "dni", ""},
                                             {"e2", "Bea", "Sanz", "dni", "No disponible"},
                                             {"e3", "Carla", "Ruiz", "dni", "12345678Z"},
                                             {"e4", "Dario", "Mora", "dni", "  "}};
    std::vector<HandEntry> entries;
    for (uint32_t i = 0; i < staff.size(); ++i) {
        entries.emplace_back(10 + 2 * i, "2024-01-10T09:00:00+01:00", "2024-01-10T12:00:00+01:00",
                             false, std::nullopt, i);
        entries.emplace_back(11 + 2 * i, "2024-01-10T13:00:00+01:00", "2024-01-10T15:00:00+01:00",
                             false, std::nullopt, i);
    }
    const auto r = hand_report(req, staff, entries);
    CHECK(r.metrics.employees_without_nid == 3);
    CHECK(log.count("no identity number") == 3);
    CHECK(log.count("Ana Gil (e1)") == 1);
    CHECK(log.count("Bea Sanz (e2)") == 1);
    CHECK(log.count("Dario Mora (e4)") == 1);
    CHECK(log.count("Carla Ruiz") == 0);
}

TEST_CASE("workers without an identity number: the first five named, the others counted in one line",
          "[report][nid]") {
    test::LogCapture log;
    ReportRequest req;
    req.from = req.to = {2024, 1, 10};
    std::vector<HandEmployee> staff;
    std::vector<HandEntry> entries;
    for (uint32_t i = 0; i < 8; ++i) {
        staff.push_back({"e" + std::to_string(i), "Nombre", "Apellido" + std::to_string(i), "dni",
                         "No disponible"});
        entries.emplace_back(10 + i, "2024-01-10T09:00:00+01:00", "2024-01-10T12:00:00+01:00",
                             false, std::nullopt, i);
    }
    const auto r = hand_report(req, staff, entries);
    CHECK(r.metrics.employees_without_nid == 8);
    CHECK(log.count("has no identity number") == 5);
    // By the report's order: Apellido0 .. Apellido4 named.
    for (int i = 0; i < 5; ++i)
        CHECK(log.count("Apellido" + std::to_string(i) + " (e" + std::to_string(i) + ")") == 1);
    CHECK(log.count("Apellido5") == 0);
    CHECK(log.count("3 more employees have no identity number (8 in all") == 1);
}
