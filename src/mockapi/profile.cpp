#include "mockapi/profile.hpp"

#include <cstdio>

namespace reportgen::mockapi {

// Draws in the order the fat employee object has always used them, one
// statement each (argument evaluation order is unspecified).
Profile make_profile(uint64_t seed, uint32_t index) {
    Rng rng(hash_of(seed, Domain::employee, index, 0xFA7u));
    Profile p;
    char buf[64];
    p.city = rng.next() % kCities.size();
    const auto a = static_cast<unsigned>(rng.next() % 100);
    const auto b = static_cast<unsigned>(rng.next() % 1000);
    const auto c = static_cast<unsigned>(rng.next() % 1000);
    std::snprintf(buf, sizeof buf, "+34 6%02u %03u %03u", a, b, c);
    p.phone = buf;
    const auto year = static_cast<unsigned>(1960 + rng.next() % 45);
    const auto month = static_cast<unsigned>(1 + rng.next() % 12);
    const auto day = static_cast<unsigned>(1 + rng.next() % 28);
    std::snprintf(buf, sizeof buf, "%04u-%02u-%02u", year, month, day);
    p.birth_date = buf;
    p.female = rng.chance(0.5);
    const auto number = static_cast<unsigned>(1 + rng.next() % 120);
    const auto floor = static_cast<unsigned>(1 + rng.next() % 8);
    const auto door = static_cast<char>('A' + rng.next() % 4);
    std::snprintf(buf, sizeof buf, "Calle Mayor %u, %uº %c", number, floor, door);
    p.address = buf;
    std::snprintf(buf, sizeof buf, "%05u", static_cast<unsigned>(1000 + rng.next() % 50000));
    p.postal_code = buf;
    p.job = rng.next() % kJobs.size();
    const uint64_t h1 = rng.next();
    const uint64_t h2 = rng.next();
    p.contract_id = make_uuid(h1, h2);
    const auto start_year = static_cast<unsigned>(2010 + rng.next() % 14);
    const auto start_month = static_cast<unsigned>(1 + rng.next() % 12);
    std::snprintf(buf, sizeof buf, "%04u-%02u-01", start_year, start_month);
    p.contract_start = buf;
    p.category = static_cast<unsigned>(1 + rng.next() % 7);
    return p;
}

Uuid office_id(uint64_t seed, std::size_t city) {
    return make_indexed_uuid(hash_of(seed, Domain::custom_field, 300 + city), 300 + city);
}

Uuid department_id(uint64_t seed, std::size_t city) {
    return make_indexed_uuid(hash_of(seed, Domain::custom_field, 200 + city), 200 + city);
}

Uuid job_charge_id(uint64_t seed, std::size_t job) {
    return make_indexed_uuid(hash_of(seed, Domain::custom_field, 100 + job), 100 + job);
}

}  // namespace reportgen::mockapi
