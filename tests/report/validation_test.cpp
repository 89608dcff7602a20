// The worker's validation a report shows (docs/DESIGN.md "The worker's
// validation"): of the validations overlapping the period the latest by
// startDate (then updatedAt), "parcial" when it covers part of the period,
// and its text per status in both languages.
#include <catch2/catch.hpp>

#include <vector>

#include "report/labels.hpp"
#include "report/payroll_sources.hpp"
#include "reportgen/time.hpp"

using namespace reportgen;
using namespace reportgen::detail;

namespace {

int32_t day(const char* ymd) {
    return static_cast<int32_t>(days_from_civil(*parse_iso_date(ymd)));
}

CheckValidation made(const char* start, const char* end, ValidationStatus status,
                     int64_t updated_utc = 0) {
    CheckValidation v;
    v.start_day = day(start);
    v.end_day = day(end);
    v.status = status;
    v.updated_utc = updated_utc;
    v.updated_day = day("2024-02-02");
    if (status != ValidationStatus::unsent) v.last_sent_day = day("2024-02-01");
    return v;
}

}  // namespace

TEST_CASE("validation shown: the latest overlapping the period, partial unless it covers it",
          "[validation]") {
    const std::vector<CheckValidation> list = {
        made("2024-01-01", "2024-01-31", ValidationStatus::accepted),
        made("2024-02-01", "2024-02-29", ValidationStatus::sent),
        made("2023-12-01", "2023-12-31", ValidationStatus::rejected),
    };
    // The period exactly: whole.
    ShownValidation s = shown_validation(list, day("2024-01-01"), day("2024-01-31"));
    REQUIRE(s.validation == &list[0]);
    CHECK_FALSE(s.partial);
    // Inside one validation: covered, whole.
    s = shown_validation(list, day("2024-01-10"), day("2024-01-20"));
    REQUIRE(s.validation == &list[0]);
    CHECK_FALSE(s.partial);
    // Across two: the later start, partial.
    s = shown_validation(list, day("2024-01-15"), day("2024-02-10"));
    REQUIRE(s.validation == &list[1]);
    CHECK(s.partial);
    // Touching by one day at either end counts as overlapping.
    s = shown_validation(list, day("2023-11-01"), day("2023-12-01"));
    REQUIRE(s.validation == &list[2]);
    CHECK(s.partial);
    s = shown_validation(list, day("2024-02-29"), day("2024-03-31"));
    REQUIRE(s.validation == &list[1]);
    CHECK(s.partial);
    // Nothing overlapping: none.
    CHECK(shown_validation(list, day("2024-03-01"), day("2024-03-31")).validation == nullptr);
    CHECK(shown_validation({}, day("2024-01-01"), day("2024-01-31")).validation == nullptr);
    // Two of one start: the one updated last (a re-sent validation).
    const std::vector<CheckValidation> twice = {
        made("2024-01-01", "2024-01-31", ValidationStatus::rejected, 200),
        made("2024-01-01", "2024-01-31", ValidationStatus::accepted, 300),
        made("2024-01-01", "2024-01-31", ValidationStatus::sent, 100),
    };
    CHECK(shown_validation(twice, day("2024-01-01"), day("2024-01-31")).validation == &twice[1]);
}

TEST_CASE("validation text: status and the date it took, partial marked, in es and en",
          "[validation]") {
    const Labels& es = labels(Lang::es);
    const Labels& en = labels(Lang::en);
    const auto text = [](const CheckValidation& v, bool partial, const Labels& l) {
        return validation_text(ShownValidation{&v, partial}, l);
    };
    const auto accepted = made("2024-01-01", "2024-01-31", ValidationStatus::accepted);
    const auto rejected = made("2024-01-01", "2024-01-31", ValidationStatus::rejected);
    const auto sent = made("2024-01-01", "2024-01-31", ValidationStatus::sent);
    const auto unsent = made("2024-01-01", "2024-01-31", ValidationStatus::unsent);
    // Accepted and rejected: when updated (decided); sent: when last sent.
    CHECK(text(accepted, false, es) == "aceptado 2024-02-02");
    CHECK(text(rejected, false, es) == "rechazado 2024-02-02");
    CHECK(text(sent, false, es) == "enviado 2024-02-01");
    CHECK(text(unsent, false, es) == "sin enviar");
    CHECK(text(accepted, true, es) == "aceptado 2024-02-02 (parcial)");
    CHECK(text(accepted, false, en) == "accepted 2024-02-02");
    CHECK(text(rejected, true, en) == "rejected 2024-02-02 (partial)");
    CHECK(text(sent, false, en) == "sent 2024-02-01");
    CHECK(text(unsent, true, en) == "not sent (partial)");
    // Sent without lastSent: updatedAt's date.
    auto no_last = sent;
    no_last.last_sent_day.reset();
    CHECK(text(no_last, false, es) == "enviado 2024-02-02");
    // None: empty.
    CHECK(validation_text(ShownValidation{}, es).empty());
}
