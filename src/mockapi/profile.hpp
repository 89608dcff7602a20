#pragma once
// The personal and contract details of an employee that the fat work-entry
// employee object, /core/v3/employees and the payroll contracts all show:
// drawn once from one stream, so that every endpoint tells the same story.
// The company's offices (one per city) live here too.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "mockapi/common.hpp"

namespace reportgen::mockapi {

struct City {
    std::string_view name;
    std::string_view province;
    double latitude;
    double longitude;
    std::string_view address;  // of the company's office there
};

inline constexpr std::array<City, 5> kCities = {{
    {"Madrid", "Madrid", 40.416775, -3.703790, "Calle de Alcalá 48"},
    {"Bilbao", "Bizkaia", 43.263013, -2.934985, "Gran Vía de Don Diego López de Haro 12"},
    {"Sevilla", "Sevilla", 37.389092, -5.984459, "Avenida de la Constitución 20"},
    {"Barcelona", "Barcelona", 41.385064, 2.173403, "Passeig de Gràcia 55"},
    {"A Coruña", "A Coruña", 43.362344, -8.411540, "Rúa Real 31"},
}};

inline constexpr std::array<std::string_view, 6> kJobs = {
    "Técnico de sistemas", "Administrativa",       "Operario de almacén",
    "Comercial",           "Responsable de turno", "Vigilante de seguridad"};

// Metres around an office within which a clock-in counts as on site. Work
// entries are clocked within ~150 m of a city's office.
inline constexpr int kOfficeRadio = 250;

struct Profile {
    std::size_t city = 0;  // index into kCities: the employee's office
    std::string phone;     // "+34 6xx xxx xxx"
    std::string birth_date;
    bool female = false;
    std::string address;
    std::string postal_code;
    std::size_t job = 0;  // index into kJobs
    Uuid contract_id;
    std::string contract_start;  // Y-m-d
    unsigned category = 1;       // "Grupo N"
};

// The profile of employee `index` of a company with this seed.
Profile make_profile(uint64_t seed, uint32_t index);

Uuid office_id(uint64_t seed, std::size_t city);
Uuid department_id(uint64_t seed, std::size_t city);
Uuid job_charge_id(uint64_t seed, std::size_t job);

}  // namespace reportgen::mockapi
