#pragma once
// The synthetic company: employees, activities, groups, break types and the
// work entries of every employee and day, generated deterministically from
// (seed, employees, days, start) and kept in a compact sorted array.
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mockapi/common.hpp"
#include "mockapi/schedule.hpp"
#include "reportgen/time.hpp"

namespace reportgen::mockapi {

enum class ShiftKind : uint8_t { morning, split, afternoon, night };

// The shift as the company's "Turno" custom field names it.
constexpr std::string_view shift_name(ShiftKind k) noexcept {
    switch (k) {
        case ShiftKind::morning:
            return "mañana";
        case ShiftKind::split:
            return "jornada partida";
        case ShiftKind::afternoon:
            return "tarde";
        case ShiftKind::night:
            return "noche";
    }
    return "mañana";
}

struct Employee {
    Uuid id;
    std::string first_name;
    std::string last_name;
    std::optional<std::string> nid;
    std::optional<std::string> identity_type;  // dni, nie, rut, other; nullopt = JSON null
    ShiftKind shift = ShiftKind::morning;
    bool zulu = false;         // its clock renders timestamps in UTC ("...+00:00")
    int primary_check = -1;    // index into check types, -1 = none (Registro normal)
    int secondary_check = -1;  // second activity of the day
    int start_minute = 0;      // usual clock-in, minutes after local midnight
    int shift_minutes = 0;     // usual length of the shift without breaks
    uint32_t code = 0;         // employee number shown in the fat object
    ScheduleKind schedule = ScheduleKind::full_time;
};

struct CheckType {
    Uuid id;
    std::string name;
    int collection = -1;  // -1: in no collection
};

struct Collection {
    Uuid id;
    std::string name;
    std::vector<int> check_types;
};

struct WorkBreak {
    Uuid id;
    std::string name;
    int minutes = 0;
    bool remunerated = false;
};

// 32 bytes a work entry: everything else (id, extra fields) derives from
// `serial` and the seed when the entry is rendered.
struct Entry {
    static constexpr int32_t kOpen = -1;       // `length` of an entry still clocked in
    static constexpr uint8_t kNone = 0xFF;     // `ref`: no check type / break
    static constexpr uint8_t kUnknown = 0xFE;  // `ref`: a check type id that no list has

    // flags
    static constexpr uint8_t kPause = 1;
    static constexpr uint8_t kDeleted = 2;
    static constexpr uint8_t kOutObjectNull = 4;  // open: "workEntryOut":{"date":null} (else null)
    static constexpr uint8_t kFloatWorked = 8;    // workedSeconds like 3599.6

    int64_t in = 0;      // clock-in, UTC seconds since the epoch
    int32_t length = 0;  // clock-out minus clock-in, seconds, or kOpen
    uint32_t employee = 0;
    uint32_t serial = 0;  // unique in the data set (drift entries: above the base ones)
    int32_t workday = 0;  // days since the epoch: local date of the shift's first clock-in
    uint8_t flags = 0;
    uint8_t ref = kNone;   // check type index (work) or work break index (pause)
    uint16_t nominal = 0;  // open entries: minutes the shift had planned (workedSeconds)
    int32_t in_day = 0;    // days since the epoch: Madrid local date of this clock-in

    bool pause() const noexcept { return flags & kPause; }
    bool deleted() const noexcept { return flags & kDeleted; }
    bool open() const noexcept { return length == kOpen; }
};

// The API's onlyReturn (docs/API.md): default not_deleted.
enum class OnlyReturn : uint8_t { not_deleted, all, deleted };

// What a work-entries query selects. The real API selects by the local date
// of each entry's clock-in (docs/API.md, "Behaviour"): a night shift is split
// by the range's edges. Local means the company's zone, Europe/Madrid, also
// for employees whose clock writes UTC.
struct EntryFilter {
    int64_t from = INT32_MIN;  // days since the epoch, inclusive
    int64_t to = INT32_MAX;
    std::optional<uint32_t> employee;
    bool unknown_employee = false;  // an employeeId that no employee has: nothing matches
    OnlyReturn only = OnlyReturn::not_deleted;
    int64_t updated_gte = INT64_MIN;  // updatedAt bounds, UTC seconds, inclusive
    int64_t updated_lte = INT64_MAX;

    // Identifies the selection (views and page cache are keyed by it).
    std::string key() const;
};

struct DatasetShape {
    uint64_t seed = 42;
    int employees = 50;
    int days = 31;
    CivilDate start{2024, 1, 1};
    std::string company_name = "Distribuciones Núñez, S.L.";
    // MockOptions::violations: the planted employees (mockapi/violations.hpp)
    // follow the `employees` generated ones.
    bool violations = false;
};

class Dataset {
  public:
    explicit Dataset(const DatasetShape& shape);

    const DatasetShape& shape() const noexcept { return shape_; }
    int64_t first_day() const noexcept { return first_day_; }  // days since the epoch
    int64_t last_day() const noexcept { return first_day_ + shape_.days - 1; }

    const Uuid& company_id() const noexcept { return company_id_; }
    const std::string& company_name() const noexcept { return company_name_; }
    const std::vector<Employee>& employees() const noexcept { return employees_; }
    // The generated employees come first; planted ones (violations) follow.
    uint32_t regular_employees() const noexcept { return regular_; }
    // The index of a planted employee in violations.hpp's table.
    std::optional<std::size_t> planted_case(uint32_t employee) const noexcept {
        if (employee < regular_ || employee >= employees_.size()) return std::nullopt;
        return employee - regular_;
    }
    const std::vector<CheckType>& check_types() const noexcept { return check_types_; }
    const std::vector<Collection>& collections() const noexcept { return collections_; }
    const std::vector<WorkBreak>& work_breaks() const noexcept { return work_breaks_; }
    // Sorted by (clock-in, id): the order of every listing.
    const std::vector<Entry>& entries() const noexcept { return entries_; }

    std::optional<uint32_t> find_employee(std::string_view id) const;

    Uuid entry_id(const Entry& e) const noexcept;
    // An entry's record timestamps (UTC seconds), pure functions of the
    // entry: createdAt just after the clock-in, updatedAt at the clock-out
    // (a few are edited days later; a deleted entry was updated when it was
    // deleted), deletedAt for deleted entries.
    // One closed work entry in 40 was entered after the fact: created (from
    // the web) one to three hours after its clock-out (docs/DESIGN.md
    // "Traceability and place of work").
    bool entered_late(const Entry& e) const noexcept;
    int64_t created_at(const Entry& e) const noexcept;
    int64_t updated_at(const Entry& e) const noexcept;
    int64_t deleted_at(const Entry& e) const noexcept;
    // One of three ids that are in no check-type list (unknown activity).
    Uuid unknown_check_type_id(uint32_t serial) const noexcept;

    // Indices into entries() that the filter selects, in listing order.
    std::vector<uint32_t> select(const EntryFilter& f) const;
    bool matches(const Entry& e, const EntryFilter& f) const noexcept;

    // Entries inserted "while pages are served": `count` work entries dated
    // `day`, clocked in between 00:00 and 01:43 local (before any shift of
    // that day starts), cycling through `employees`; sorted.
    std::vector<Entry> drift_entries(int64_t day, int count,
                                     const std::vector<uint32_t>& employees) const;
    Uuid drift_entry_id(int64_t day, const Entry& e) const noexcept;

  private:
    void make_catalog();
    void make_employees();
    void plant_employees();
    void assign_schedule(uint32_t index, Employee& e) const;
    void make_entries();
    void make_shift(uint32_t employee, int64_t day, bool last_day, std::vector<Entry>& out) const;

    DatasetShape shape_;
    int64_t first_day_ = 0;
    Uuid company_id_;
    std::string company_name_;
    std::vector<Employee> employees_;
    uint32_t regular_ = 0;
    std::vector<CheckType> check_types_;
    std::vector<Collection> collections_;
    std::vector<WorkBreak> work_breaks_;
    std::vector<Entry> entries_;
    std::unordered_map<std::string, uint32_t> employee_index_;
};

}  // namespace reportgen::mockapi
