#include "mockapi/dataset.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

#include "mockapi/violations.hpp"

namespace reportgen::mockapi {

namespace {

constexpr std::array<std::string_view, 40> kFirstNames = {
    "José",   "María", "Begoña", "Íñigo",  "Núria",  "Àlex",   "Jesús",   "Lucía",
    "Ángel",  "Sofía", "Raúl",   "Irene",  "Óscar",  "Ainhoa", "Joaquín", "Mónica",
    "Héctor", "Leire", "Fátima", "Martín", "Chloé",  "Andrés", "Txema",   "Pilar",
    "Rocío",  "Iñaki", "Noemí",  "Carmen", "Javier", "Ana",    "David",   "Laura",
    "Pablo",  "Marta", "Sergio", "Elena",  "Álvaro", "Montse", "Jordi",   "Zoë"};

constexpr std::array<std::string_view, 40> kLastNames = {
    "Núñez",     "García",    "Martínez", "López",     "Sánchez",    "Pérez",     "Gómez",
    "Fernández", "Rodríguez", "Muñoz",    "Díaz",      "Álvarez",    "Romero",    "Gutiérrez",
    "Ibáñez",    "Peña",      "Castaño",  "Aguirre",   "Etxeberria", "Olabarría", "Hernández",
    "Jiménez",   "Ruiz",      "Vázquez",  "Domínguez", "Suárez",     "Cañizares", "Benítez",
    "Moreno",    "Navarro",   "Torres",   "Gil",       "Serrano",    "Ortega",    "Rubio",
    "Marín",     "Sanz",      "Iglesias", "Garrido",   "Castellví"};

// First names that test CSV/XLSX formula-injection guards.
constexpr std::array<std::string_view, 5> kFormulaNames = {
    R"(=HYPERLINK("http://example.com","clic"))", "=1+1", "+34 Pedro", "-Luis", "@Marta"};

constexpr char kDniLetters[] = "TRWAGMYFPDXBNJZSQVHLCKE";

std::string format_dni(uint64_t n) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%08u%c", static_cast<unsigned>(n), kDniLetters[n % 23]);
    return buf;
}

std::string format_nie(uint64_t prefix, uint64_t n) {
    char buf[16];
    const uint64_t full = prefix * 10000000 + n;
    std::snprintf(buf, sizeof buf, "%c%07u%c", static_cast<char>('X' + prefix),
                  static_cast<unsigned>(n), kDniLetters[full % 23]);
    return buf;
}

// Chilean RUT "12.345.678-5" with its mod-11 check digit.
std::string format_rut(uint64_t n) {
    uint64_t sum = 0, factor = 2;
    for (uint64_t v = n; v > 0; v /= 10) {
        sum += (v % 10) * factor;
        factor = factor == 7 ? 2 : factor + 1;
    }
    const uint64_t dv = 11 - sum % 11;
    const char check = dv == 11 ? '0' : dv == 10 ? 'K' : static_cast<char>('0' + dv);
    char buf[24];
    std::snprintf(buf, sizeof buf, "%u.%03u.%03u-%c", static_cast<unsigned>(n / 1000000),
                  static_cast<unsigned>(n / 1000 % 1000), static_cast<unsigned>(n % 1000), check);
    return buf;
}

// A work period or break inside a shift, before it becomes an Entry.
struct Segment {
    bool pause;
    int64_t seconds;
    uint8_t ref;
};

int32_t madrid_day(int64_t utc) noexcept {
    return static_cast<int32_t>(floor_div(utc + 60 * int64_t{madrid_offset_minutes(utc)}, 86400));
}

}  // namespace

Dataset::Dataset(const DatasetShape& shape) : shape_(shape) {
    first_day_ = days_from_civil(shape_.start);
    make_catalog();
    make_employees();
    regular_ = static_cast<uint32_t>(employees_.size());
    if (shape_.violations) plant_employees();
    make_entries();
}

void Dataset::make_catalog() {
    const uint64_t seed = shape_.seed;
    company_id_ = make_indexed_uuid(hash_of(seed, Domain::company), 0);
    company_name_ = shape_.company_name;

    const std::array<std::string_view, 3> collections = {"Oficina", "Operaciones",
                                                         "Formación y desarrollo"};
    for (std::size_t i = 0; i < collections.size(); ++i) {
        collections_.push_back(
            Collection{make_indexed_uuid(hash_of(seed, Domain::collection, i), i),
                       std::string(collections[i]),
                       {}});
    }
    // "Teletrabajo" is in no collection: its group is "Sin Grupo".
    const std::array<std::pair<std::string_view, int>, 7> checks = {
        {{"Trabajo en oficina", 0},
         {"Reunión con cliente", 0},
         {"Visita técnica", 1},
         {"Almacén, carga y descarga", 1},
         {"Guardia nocturna", 1},
         {"Formación", 2},
         {"Teletrabajo", -1}}};
    for (std::size_t i = 0; i < checks.size(); ++i) {
        check_types_.push_back(CheckType{make_indexed_uuid(hash_of(seed, Domain::check_type, i), i),
                                         std::string(checks[i].first), checks[i].second});
        if (checks[i].second >= 0) {
            collections_[static_cast<std::size_t>(checks[i].second)].check_types.push_back(
                static_cast<int>(i));
        }
    }
    const std::array<std::tuple<std::string_view, int, bool>, 4> breaks = {
        {{"Comida", 60, false},
         {"Descanso", 20, true},
         {"Pausa café", 10, true},
         {"Pausa personal", 0, false}}};
    for (std::size_t i = 0; i < breaks.size(); ++i) {
        work_breaks_.push_back(WorkBreak{make_indexed_uuid(hash_of(seed, Domain::work_break, i), i),
                                         std::string(std::get<0>(breaks[i])),
                                         std::get<1>(breaks[i]), std::get<2>(breaks[i])});
    }
}

void Dataset::make_employees() {
    const uint64_t seed = shape_.seed;
    const auto n = static_cast<uint32_t>(std::max(0, shape_.employees));
    employees_.reserve(n);
    for (uint32_t i = 0; i < n; ++i) {
        Rng rng(hash_of(seed, Domain::employee, i));
        Employee e;
        e.id = make_indexed_uuid(rng.next(), i);
        e.code = 1000 + i;
        e.first_name = std::string(kFirstNames[rng.next() % kFirstNames.size()]);
        e.last_name = std::string(kLastNames[rng.next() % kLastNames.size()]);
        if (rng.chance(0.7)) {
            e.last_name += ' ';
            e.last_name += kLastNames[rng.next() % kLastNames.size()];
        }
        // Awkward names sit at fixed slots so that even a 50-employee
        // company has one of each; about 11 % of any larger one.
        switch (i % 64) {
            case 3:
                e.last_name = "O\"Brien";
                break;
            case 9:
                e.last_name = "García, Jr.";
                break;
            case 15:
                e.first_name = "Ana \"Anita\"";
                break;
            case 21:
                e.first_name = std::string(kFormulaNames[(i / 64) % kFormulaNames.size()]);
                break;
            case 27:
                e.first_name.clear();
                e.last_name.clear();
                break;
            case 33:
                e.first_name.clear();
                break;
            case 39:
                e.first_name = "  Begoña ";
                break;  // needs trimming
            default:
                break;
        }

        const double t = rng.unit();
        if (t < 0.74) {
            e.identity_type = "dni";
        } else if (t < 0.86) {
            e.identity_type = "nie";
        } else if (t < 0.90) {
            e.identity_type = "other";
        } else if (t < 0.92) {
            e.identity_type = "rut";
        }  // else null
        const uint64_t number = rng.next();
        const bool has_nid = e.identity_type ? !rng.chance(0.05) : rng.chance(0.5);
        if (has_nid) {
            const std::string& type = e.identity_type ? *e.identity_type : std::string("dni");
            if (type == "nie") {
                e.nid = format_nie(number % 3, number / 3 % 10000000);
            } else if (type == "other") {
                char buf[16];
                std::snprintf(buf, sizeof buf, "PA%07u", static_cast<unsigned>(number % 10000000));
                e.nid = buf;
            } else if (type == "rut") {
                e.nid = format_rut(5000000 + number % 20000000);
            } else {
                e.nid = format_dni(number % 100000000);
            }
        }

        const double s = rng.unit();
        e.shift = s < 0.45   ? ShiftKind::morning
                  : s < 0.67 ? ShiftKind::split
                  : s < 0.85 ? ShiftKind::afternoon
                             : ShiftKind::night;
        e.zulu = rng.chance(0.12);
        switch (e.shift) {
            case ShiftKind::morning:
                e.start_minute =
                    rng.chance(0.1) ? 5 * 60 + 50 : static_cast<int>(rng.range(28, 36)) * 15;
                e.shift_minutes = static_cast<int>(rng.range(360, 480));
                break;
            case ShiftKind::split:
                e.start_minute = static_cast<int>(rng.range(510, 570));
                e.shift_minutes = static_cast<int>(rng.range(450, 510));
                break;
            case ShiftKind::afternoon:
                e.start_minute = static_cast<int>(rng.range(840, 930));
                e.shift_minutes = static_cast<int>(rng.range(420, 480));
                break;
            case ShiftKind::night:
                e.start_minute = static_cast<int>(rng.range(1290, 1335));
                e.shift_minutes = static_cast<int>(rng.range(450, 480));
                break;
        }
        assign_schedule(i, e);
        const int nchecks = static_cast<int>(check_types_.size());
        if (rng.chance(0.15)) {
            e.primary_check = -1;
        } else if (e.shift == ShiftKind::night && rng.chance(0.7)) {
            e.primary_check = 4;  // Guardia nocturna
        } else {
            e.primary_check = static_cast<int>(rng.next() % static_cast<uint64_t>(nchecks));
        }
        e.secondary_check = static_cast<int>(rng.next() % static_cast<uint64_t>(nchecks));
        if (e.secondary_check == e.primary_check)
            e.secondary_check = (e.secondary_check + 1) % nchecks;

        employee_index_.emplace(uuid_string(e.id), i);
        employees_.push_back(std::move(e));
    }
}

// The compliance cases (violations.hpp): "Caso" and the case, a DNI of
// their own (900000xx), a morning shift and full time.
void Dataset::plant_employees() {
    for (std::size_t k = 0; k < planted_count(); ++k) {
        const auto i = static_cast<uint32_t>(employees_.size());
        Employee e;
        e.id = make_indexed_uuid(hash_of(shape_.seed, Domain::employee, i), i);
        e.code = 1000 + i;
        e.first_name = "Caso";
        e.last_name = std::string(planted_last_name(k));
        e.identity_type = "dni";
        e.nid = format_dni(90000000 + k);
        e.start_minute = 8 * 60;
        e.shift_minutes = 480;
        e.primary_check = 0;
        e.secondary_check = 1;
        employee_index_.emplace(uuid_string(e.id), i);
        employees_.push_back(std::move(e));
    }
}

// Part-timers come from their own stream (Domain::schedule) after every
// draw of the employee's, so that no other employee changed; their shift is
// about 4 h (same clock-in, same number of entries as before, shorter).
void Dataset::assign_schedule(uint32_t index, Employee& e) const {
    const bool eligible = e.shift == ShiftKind::morning || e.shift == ShiftKind::afternoon;
    if (eligible && draws_part_time(shape_.seed, index)) {
        e.schedule = ScheduleKind::part_time;
        e.shift_minutes = part_time_minutes(shape_.seed, index);
    } else {
        e.schedule = e.shift_minutes >= 450 ? ScheduleKind::full_time : ScheduleKind::reduced;
    }
}

namespace {

// A national holiday: a few work anyway (the reports' "holiday worked").
constexpr double kHolidayWork = 0.04;

// How likely an employee of this shift kind works on `day` (days since the
// epoch): nearly always on weekdays, by shift kind at weekends, rarely on a
// national holiday.
double work_probability(ShiftKind shift, int64_t day) {
    const int64_t weekday = weekday_of(day);  // 0 = Sunday
    if (is_national_holiday(day)) return kHolidayWork;
    if (weekday != 0 && weekday != 6) return 0.96;
    switch (shift) {
        case ShiftKind::morning:
            return 0.08;
        case ShiftKind::split:
            return 0.05;
        case ShiftKind::afternoon:
            return 0.35;
        case ShiftKind::night:
            return 0.6;
    }
    return 0.96;
}

}  // namespace

void Dataset::make_shift(uint32_t employee, int64_t day, bool last_day,
                         std::vector<Entry>& out) const {
    const Employee& emp = employees_[employee];
    Rng rng(hash_of(shape_.seed, Domain::day, employee, day));
    if (!rng.chance(work_probability(emp.shift, day))) return;

    auto pick_check = [&](bool secondary) -> uint8_t {
        const double u = rng.unit();
        if (u < 0.01) return Entry::kUnknown;
        if (u < 0.07) return Entry::kNone;
        int c = secondary ? emp.secondary_check : emp.primary_check;
        if (rng.chance(0.1)) c = static_cast<int>(rng.next() % check_types_.size());
        return c < 0 ? Entry::kNone : static_cast<uint8_t>(c);
    };
    auto pick_break = [&](int preferred) -> uint8_t {
        if (rng.chance(0.05)) return Entry::kNone;
        return static_cast<uint8_t>(preferred);
    };

    std::vector<Segment> segs;
    // A work period, sometimes split in two activities.
    auto work = [&](int64_t seconds, double split_p) {
        if (seconds >= 1200 && rng.chance(split_p)) {
            const int64_t a = seconds * rng.range(30, 70) / 100;
            const bool flip = rng.chance(0.5);
            segs.push_back({false, a, pick_check(flip)});
            segs.push_back({false, seconds - a, pick_check(!flip)});
        } else {
            segs.push_back({false, seconds, pick_check(false)});
        }
    };
    auto pause = [&](int64_t seconds, int preferred) {
        segs.push_back({true, seconds, pick_break(preferred)});
    };

    const int64_t total = (emp.shift_minutes + rng.range(-15, 20)) * 60 + rng.range(0, 59);
    switch (emp.shift) {
        case ShiftKind::morning:
        case ShiftKind::afternoon: {
            if (rng.chance(0.06)) pause(rng.range(180, 600), 3);  // a pause that opens the shift
            const int64_t first = total * rng.range(45, 60) / 100;
            work(first, 0.3);
            if (rng.chance(0.85)) pause(rng.range(900, 1800), rng.chance(0.5) ? 1 : 2);
            work(total - first, 0.3);
            break;
        }
        case ShiftKind::split: {
            if (rng.chance(0.04)) pause(rng.range(180, 600), 3);
            const int64_t first = rng.range(270, 330) * 60 + rng.range(0, 59);
            work(first, 0.3);
            pause(rng.range(45, 75) * 60 + rng.range(0, 59), 0);  // lunch
            work(std::max<int64_t>(1800, total - first), 0.25);
            break;
        }
        case ShiftKind::night: {
            // 21:54-22:10 briefing, 22:10-02:00, pause, 02:27-06:01.
            const int64_t briefing = rng.range(840, 1080);
            segs.push_back({false, briefing, pick_check(true)});
            const int64_t first = (total - briefing) * rng.range(48, 54) / 100;
            work(first, 0.1);
            pause(rng.range(1200, 1800), 1);
            work(total - briefing - first, 0.1);
            break;
        }
    }

    int64_t local_start = day * 86400 + emp.start_minute * 60 + rng.range(-720, 720);
    local_start = std::max(local_start, day * 86400 + 5 * 3600 + 30 * 60);
    int64_t t = madrid_to_utc(local_start);
    const std::size_t first_index = out.size();
    for (const Segment& s : segs) {
        Entry e;
        e.in = t;
        e.length = static_cast<int32_t>(s.seconds);
        e.employee = employee;
        e.workday = static_cast<int32_t>(day);
        e.ref = s.ref;
        if (s.pause) e.flags |= Entry::kPause;
        if (rng.chance(0.1)) e.flags |= Entry::kFloatWorked;
        out.push_back(e);
        t += s.seconds;
    }
    if (last_day && rng.chance(0.5)) {
        // Still clocked in when the data set was taken.
        Entry& e = out.back();
        e.nominal = static_cast<uint16_t>(e.length / 60);
        e.length = Entry::kOpen;
        e.flags &= static_cast<uint8_t>(~Entry::kFloatWorked);
        if (rng.chance(0.5)) e.flags |= Entry::kOutObjectNull;
    }
    if (rng.chance(0.03)) {
        // A mistaken clock-in, later deleted: an extra entry that overlaps.
        const std::size_t k = first_index + rng.next() % (out.size() - first_index);
        Entry d = out[k];
        if (d.open()) {
            d.length = static_cast<int32_t>(d.nominal) * 60;
            d.nominal = 0;
            d.flags &= static_cast<uint8_t>(~Entry::kOutObjectNull);
        }
        d.in -= rng.range(60, 600);
        d.length += static_cast<int32_t>(rng.range(0, 300));
        d.flags |= Entry::kDeleted;
        out.push_back(d);
    }
}

void Dataset::make_entries() {
    const auto days = static_cast<int64_t>(std::max(0, shape_.days));
    entries_.reserve(static_cast<std::size_t>(3 * days) * employees_.size());
    for (uint32_t e = 0; e < regular_; ++e) {
        for (int64_t d = 0; d < days; ++d) {
            make_shift(e, first_day_ + d, d == days - 1, entries_);
        }
    }
    for (uint32_t e = regular_; e < employees_.size(); ++e)
        plant_entries(e - regular_, e, first_day_, last_day(), entries_);
    for (std::size_t i = 0; i < entries_.size(); ++i) {
        entries_[i].serial = static_cast<uint32_t>(i);
        entries_[i].in_day = madrid_day(entries_[i].in);
    }
    std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
        if (a.in != b.in) return a.in < b.in;
        return entry_id(a) < entry_id(b);
    });
}

std::optional<uint32_t> Dataset::find_employee(std::string_view id) const {
    Uuid u;
    if (!parse_uuid(id, u)) return std::nullopt;
    auto it = employee_index_.find(uuid_string(u));  // canonical lower case
    if (it == employee_index_.end()) return std::nullopt;
    return it->second;
}

Uuid Dataset::entry_id(const Entry& e) const noexcept {
    return make_indexed_uuid(hash_of(shape_.seed, Domain::entry_id, e.serial), e.serial);
}

bool Dataset::entered_late(const Entry& e) const noexcept {
    if (e.open() || e.deleted() || e.pause()) return false;
    const uint64_t h = hash_of(shape_.seed, Domain::entry_detail, e.serial);
    return (h >> 52) % 40 == 0;
}

int64_t Dataset::created_at(const Entry& e) const noexcept {
    const uint64_t h = hash_of(shape_.seed, Domain::entry_detail, e.serial);
    // Typed in by hand 1 to 3 hours after the fact.
    if (entered_late(e))
        return e.in + std::max<int64_t>(e.length, 0) + 3600 + static_cast<int64_t>((h >> 20) % 7200);
    return e.in + static_cast<int64_t>((h >> 20) % 5);
}

int64_t Dataset::deleted_at(const Entry& e) const noexcept {
    const uint64_t h = hash_of(shape_.seed, Domain::entry_detail, e.serial);
    return e.in + std::max<int64_t>(e.length, 0) + 60 + static_cast<int64_t>((h >> 8) % 7200);
}

int64_t Dataset::updated_at(const Entry& e) const noexcept {
    if (e.deleted()) return deleted_at(e);
    const uint64_t h = hash_of(shape_.seed, Domain::entry_detail, e.serial);
    int64_t t = e.in + (e.open() ? 0 : std::max<int64_t>(e.length, 0)) +
                static_cast<int64_t>((h >> 24) % 5);
    // One closed entry in 25 was corrected by a manager one to five days later.
    if (!e.open() && (h >> 40) % 25 == 0) t += 86400 * static_cast<int64_t>(1 + (h >> 46) % 5);
    // Never before its creation: an open entry's two few seconds, and an
    // entry typed in late, saved then (and maybe corrected later).
    if (entered_late(e)) t = std::max(t, created_at(e) + static_cast<int64_t>((h >> 24) % 5));
    return std::max(t, created_at(e));
}

Uuid Dataset::unknown_check_type_id(uint32_t serial) const noexcept {
    const uint64_t k = serial % 3;
    return make_indexed_uuid(hash_of(shape_.seed, Domain::unknown_check_type, k), 1000 + k);
}

std::string EntryFilter::key() const {
    return std::to_string(from) + '|' + std::to_string(to) + '|' +
           (unknown_employee ? "?" : employee ? std::to_string(*employee) : "*") + '|' +
           std::to_string(static_cast<int>(only)) + '|' + std::to_string(updated_gte) + '|' +
           std::to_string(updated_lte);
}

bool Dataset::matches(const Entry& e, const EntryFilter& f) const noexcept {
    if (f.unknown_employee) return false;
    if (e.in_day < f.from || e.in_day > f.to) return false;
    if (f.employee && e.employee != *f.employee) return false;
    if (f.only == OnlyReturn::not_deleted && e.deleted()) return false;
    if (f.only == OnlyReturn::deleted && !e.deleted()) return false;
    if (f.updated_gte != INT64_MIN || f.updated_lte != INT64_MAX) {
        const int64_t u = updated_at(e);
        if (u < f.updated_gte || u > f.updated_lte) return false;
    }
    return true;
}

std::vector<uint32_t> Dataset::select(const EntryFilter& f) const {
    std::vector<uint32_t> out;
    if (f.from > f.to || f.unknown_employee) return out;
    // Sorted by clock-in, so also by the local date of the clock-in.
    auto first = std::lower_bound(entries_.begin(), entries_.end(), f.from,
                                  [](const Entry& e, int64_t v) { return e.in_day < v; });
    for (auto it = first; it != entries_.end() && it->in_day <= f.to; ++it) {
        if (matches(*it, f)) out.push_back(static_cast<uint32_t>(it - entries_.begin()));
    }
    return out;
}

std::vector<Entry> Dataset::drift_entries(int64_t day, int count,
                                          const std::vector<uint32_t>& employees) const {
    std::vector<Entry> out;
    if (employees.empty() || count <= 0) return out;
    const auto n = static_cast<int64_t>(employees.size());
    // 100 one-minute entries per employee fit between 00:00 and 01:43: the
    // range is selected by clock-in date, and the first entries of a day are
    // the tails of night shifts, after their pause (01:00 at the earliest).
    const int64_t cap = std::min<int64_t>(count, 100 * n);
    for (int64_t k = 0; k < cap; ++k) {
        const uint32_t emp = employees[static_cast<std::size_t>(k % n)];
        Entry e;
        e.in = madrid_to_utc(day * 86400 + (k / n) * 61 + k % 7);
        e.length = 60;
        e.employee = emp;
        e.serial = static_cast<uint32_t>(entries_.size() + static_cast<std::size_t>(k));
        e.workday = static_cast<int32_t>(day);
        e.in_day = madrid_day(e.in);
        const int c = employees_[emp].primary_check;
        e.ref = c < 0 ? Entry::kNone : static_cast<uint8_t>(c);
        out.push_back(e);
    }
    std::sort(out.begin(), out.end(), [&](const Entry& a, const Entry& b) {
        if (a.in != b.in) return a.in < b.in;
        return drift_entry_id(day, a) < drift_entry_id(day, b);
    });
    return out;
}

Uuid Dataset::drift_entry_id(int64_t day, const Entry& e) const noexcept {
    return make_indexed_uuid(hash_of(shape_.seed, Domain::drift, day, e.serial), e.serial);
}

}  // namespace reportgen::mockapi
