// paid_breaks resolved against the company's break types
// (src/report/paid_breaks.hpp, docs/DESIGN.md "Workday figures").
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "report/paid_breaks.hpp"
#include "reportgen/error.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

const std::vector<WorkBreak> kCompany = {
    {"b-cafe", "Café", 15, false},
    {"b-comida", "Comida", 60, false},
    {"b-descanso", "Descanso", 10, false},
};

std::vector<std::string> resolve(std::vector<std::string> names,
                                 const std::vector<WorkBreak>& company = kCompany) {
    return resolve_paid_breaks(names, company);
}

std::string usage_error_of(std::vector<std::string> names,
                           const std::vector<WorkBreak>& company = kCompany) {
    try {
        resolve(std::move(names), company);
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::usage);
        return e.what();
    }
    FAIL("no error");
    return {};
}

}  // namespace

TEST_CASE("paid breaks: names, trimmed and case-insensitive, or ids", "[report][paid_breaks]") {
    CHECK(resolve({}).empty());
    CHECK(resolve({"Café"}) == std::vector<std::string>{"b-cafe"});
    CHECK(resolve({"  CAFÉ ", "comida"}) == std::vector<std::string>{"b-cafe", "b-comida"});
    CHECK(resolve({"b-descanso"}) == std::vector<std::string>{"b-descanso"});
    // An empty item ("Café,,") is skipped; the same break twice counts once.
    CHECK(resolve({"café", "", "  ", "b-cafe"}) == std::vector<std::string>{"b-cafe"});
}

TEST_CASE("paid breaks: a name shared by two break types pays both", "[report][paid_breaks]") {
    const std::vector<WorkBreak> twins = {{"b1", "Pausa", 0, false}, {"b2", "pausa", 0, false}};
    CHECK(resolve({"PAUSA"}, twins) == std::vector<std::string>{"b1", "b2"});
}

TEST_CASE("paid breaks: a break type marked remunerated is paid without being named",
          "[report][paid_breaks]") {
    std::vector<WorkBreak> company = kCompany;
    company[2].remunerated = true;
    CHECK(resolve({}, company) == std::vector<std::string>{"b-descanso"});
    CHECK(resolve({"Café"}, company) == std::vector<std::string>{"b-cafe", "b-descanso"});
}

TEST_CASE("paid breaks: a name that matches nothing lists the company's break types",
          "[report][paid_breaks]") {
    const std::string e = usage_error_of({"Café", "Cafe"});
    CHECK_THAT(e, Catch::Contains("'Cafe' matches no break type"));
    CHECK_THAT(e, Catch::Contains("'Café' (b-cafe), 'Comida' (b-comida), 'Descanso' (b-descanso)"));
    CHECK_THAT(usage_error_of({"Comida"}, {}), Catch::Contains("the company has no break types"));
}

TEST_CASE("paid breaks: refs of the entries' break type ids", "[report][paid_breaks]") {
    BreakTypeRefs refs;
    const uint32_t comida = refs.intern("b-comida");
    const uint32_t unknown = refs.intern("b-not-in-the-company");
    const uint32_t cafe = refs.intern("b-cafe");
    const std::vector<std::string> ids = {"b-cafe"};
    const PaidBreakRefs paid(ids, refs);
    CHECK(paid.paid(cafe));
    CHECK_FALSE(paid.paid(comida));
    CHECK_FALSE(paid.paid(unknown));
    CHECK_FALSE(paid.paid(WorkEntry::kNoBreakType));
    CHECK(paid.any());
    CHECK_FALSE(PaidBreakRefs({}, refs).any());
}
