#include "mockapi/page_renderer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

#include "mockapi/profile.hpp"
#include "mockapi/violations.hpp"

namespace reportgen::mockapi {

namespace {

void append_fixed(std::string& out, double v, int precision) {
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, precision);
    out.append(buf, r.ptr);
}

void append_opt_string(std::string& out, const std::optional<std::string>& s, bool ascii) {
    if (s) {
        append_json_string(out, *s, ascii);
    } else {
        out += "null";
    }
}

constexpr std::array<std::string_view, 4> kOrigins = {"web", "app", "tablet", "api"};
constexpr std::array<std::string_view, 4> kCheckIcons = {"work", "groups", "build", "school"};
constexpr std::array<std::string_view, 4> kBreakColors = {"ssm-orange", "ssm-green", "ssm-brown",
                                                          "ssm-grey"};
constexpr std::array<std::string_view, 4> kBreakIcons = {"icon-eat", "icon-rest", "icon-coffee",
                                                         "icon-person"};
constexpr std::array<std::string_view, 3> kCollectionColors = {"ssm-salmon", "ssm-blue",
                                                               "ssm-purple"};

// An entry's timestamp in the document's `Y-m-dTH:i:sP`: PHP's `P` writes
// UTC as "+00:00", never "Z" (employees whose clock runs on UTC).
void append_entry_time(std::string& out, int64_t utc, bool zulu) {
    append_timestamp(out, utc, zulu);
    if (zulu) {
        out.pop_back();
        out += "+00:00";
    }
}

std::string check_type_color(const CheckType& c) {
    char color[16];
    std::snprintf(color, sizeof color, "#%06x", static_cast<unsigned>(c.id.lo & 0xFFFFFF));
    return color;
}

}  // namespace

int64_t past_instant(uint64_t h) noexcept {
    constexpr int64_t k2019 = 17897;  // days_from_civil(2019-01-01)
    return (k2019 + static_cast<int64_t>(h % 1800)) * 86400 + 8 * 3600 +
           static_cast<int64_t>((h >> 16) % 36000);
}

PageMeta make_meta(uint64_t page, uint64_t limit, uint64_t total) noexcept {
    PageMeta m;
    m.current_page = page;
    m.per_page = limit;
    m.total = total;
    m.last_page = std::max<uint64_t>(1, (total + limit - 1) / limit);
    return m;
}

void append_meta(std::string& out, const PageMeta& meta) {
    out += "\"meta\":{\"currentPage\":";
    append_int(out, meta.current_page);
    out += ",\"lastPage\":";
    append_int(out, meta.last_page);
    out += ",\"total\":";
    append_int(out, meta.total);
    out += ",\"perPage\":";
    append_int(out, meta.per_page);
    out += '}';
}

PageRenderer::PageRenderer(const Dataset& data, bool fat) : data_(data), fat_(fat) {
    const auto& emps = data_.employees();
    employee_json_.resize(emps.size());
    for (uint32_t i = 0; i < emps.size(); ++i) {
        if (fat_) {
            render_employee_fat(i, emps[i], employee_json_[i]);
        } else {
            render_employee_lean(emps[i], employee_json_[i]);
        }
    }

    const std::string company = uuid_string(data_.company_id());
    for (std::size_t i = 0; i < data_.check_types().size(); ++i) {
        const CheckType& c = data_.check_types()[i];
        std::string s = "{\"id\":\"" + uuid_string(c.id) + "\",\"name\":";
        append_json_string(s, c.name);
        s += ",\"companyId\":\"" + company + "\",\"color\":";
        append_json_string(s, check_type_color(c));
        s += ",\"icon\":";
        append_json_string(s, kCheckIcons[i % kCheckIcons.size()]);
        s += ",\"active\":true,\"order\":";
        append_int(s, i);
        s += '}';
        check_types_.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < data_.work_breaks().size(); ++i) {
        const WorkBreak& b = data_.work_breaks()[i];
        std::string s = "{\"companyId\":\"" + company + "\",\"id\":\"" + uuid_string(b.id) +
                        "\",\"name\":";
        append_json_string(s, b.name);
        s += ",\"color\":";
        append_json_string(s, kBreakColors[i % kBreakColors.size()]);
        s += ",\"icon\":";
        append_json_string(s, kBreakIcons[i % kBreakIcons.size()]);
        s += ",\"breakMinutes\":";
        append_int(s, b.minutes);
        s += ",\"remunerated\":";
        s += b.remunerated ? "true" : "false";
        s += '}';
        work_breaks_.push_back(std::move(s));
    }
    for (std::size_t i = 0; i < data_.collections().size(); ++i) {
        std::string s;
        append_collection_fields(s, i);
        s += '}';
        collections_.push_back(std::move(s));
    }

    // Size one entry to reserve pages in one allocation.
    if (!data_.entries().empty()) {
        std::string probe;
        append_entry(probe, data_.entries().front(), data_.entry_id(data_.entries().front()));
        entry_size_hint_ = probe.size() + 64;
    }
}

void PageRenderer::render_employee_lean(const Employee& e, std::string& out) const {
    out += "{\"id\":\"";
    append_uuid(out, e.id);
    out += "\",\"firstName\":";
    append_json_string(out, e.first_name);
    out += ",\"lastName\":";
    append_json_string(out, e.last_name);
    out += ",\"nid\":";
    append_opt_string(out, e.nid, false);
    out += ",\"identityNumberType\":";
    append_opt_string(out, e.identity_type, false);
    out += '}';
}

// The whole employee object as the real API embeds it in every entry, with
// PHP's default escaping (\uXXXX for non-ASCII, "\/"), so that a decoder is
// tested on escapes as well as on skipping ~1.3 KB per entry.
void PageRenderer::render_employee_fat(uint32_t index, const Employee& e, std::string& out) const {
    const uint64_t seed = data_.shape().seed;
    const Profile p = make_profile(seed, index);
    const bool a = true;  // ascii escaping
    char buf[128];
    out += "{\"id\":\"";
    append_uuid(out, e.id);
    out += "\",\"companyId\":\"";
    append_uuid(out, data_.company_id());
    out += "\",\"firstName\":";
    append_json_string(out, e.first_name, a);
    out += ",\"lastName\":";
    append_json_string(out, e.last_name, a);
    out += ",\"status\":\"active\",\"email\":\"empleado";
    append_int(out, e.code);
    out += "@demo-iberica.example\",\"imageProfileURL\":";
    append_json_string(
        out, "https://cdn.demo-iberica.example/profiles/" + uuid_string(e.id) + ".jpg", a);
    out += ",\"code\":";
    append_int(out, e.code);
    std::snprintf(buf, sizeof buf, ",\"pin\":%u,\"phone\":\"%s\"",
                  static_cast<unsigned>(1000 + e.code % 9000), p.phone.c_str());
    out += buf;
    std::snprintf(buf, sizeof buf, ",\"dateOfBirth\":\"%s\",\"gender\":\"%s\"",
                  p.birth_date.c_str(), p.female ? "female" : "male");
    out += buf;
    // The fat object names the identity fields in another order than the
    // lean one: decoders must look fields up by name.
    out += ",\"identityNumberType\":";
    append_opt_string(out, e.identity_type, a);
    out += ",\"nid\":";
    append_opt_string(out, e.nid, a);
    out += ",\"address\":";
    append_json_string(out, p.address, a);
    out += ",\"postalCode\":\"" + p.postal_code + "\",\"city\":";
    append_json_string(out, kCities[p.city].name, a);
    out += ",\"country\":\"ES\",\"jobChargeId\":\"";
    append_uuid(out, job_charge_id(seed, p.job));
    out += "\",\"jobChargeName\":";
    append_json_string(out, kJobs[p.job], a);
    out += ",\"departmentIds\":[\"";
    append_uuid(out, department_id(seed, p.city));
    out += "\"],\"officeIds\":[\"";
    append_uuid(out, office_id(seed, p.city));
    out += "\"],\"managerIds\":[],\"timeZone\":";
    append_json_string(out, "Europe/Madrid", a);
    out += ",\"language\":\"es\",\"customFields\":[{\"id\":\"";
    append_uuid(out, make_indexed_uuid(hash_of(seed, Domain::custom_field, 2), 2));
    out += "\",\"companyId\":\"";
    append_uuid(out, data_.company_id());
    out += "\",\"name\":\"Turno\",\"slug\":\"turno\",\"type\":\"text\",\"value\":";
    append_json_string(out, shift_name(e.shift), a);
    out += "}]";
    out += ",\"company\":";
    append_company(out, a);
    out += ",\"contract\":{\"id\":\"";
    append_uuid(out, p.contract_id);
    std::snprintf(buf, sizeof buf,
                  "\",\"startDate\":\"%s\",\"endDate\":null,\"weeklyHours\":%d,"
                  "\"type\":\"indefinido\",\"category\":\"Grupo %u\"}",
                  p.contract_start.c_str(), weekly_hours(e.schedule), p.category);
    out += buf;
    out += ",\"deletedAt\":null}";
}

void PageRenderer::append_check_type(std::string& out, const Entry& e) const {
    out += "\"workCheckTypeId\":";
    if (e.pause() || e.ref == Entry::kNone) {
        out += "null";
    } else {
        out += '"';
        append_uuid(out, e.ref == Entry::kUnknown ? data_.unknown_check_type_id(e.serial)
                                                  : data_.check_types()[e.ref].id);
        out += '"';
    }
    out += ",\"workBreakId\":";
    if (!e.pause() || e.ref == Entry::kNone) {
        out += "null";
    } else {
        out += '"';
        append_uuid(out, data_.work_breaks()[e.ref].id);
        out += '"';
    }
}

// A clock object as the document's workEntryIn/Out: where and how the
// clock-in/out was made; fat entries add the device's ip.
void PageRenderer::append_clock(std::string& out, const Entry& e, int64_t utc, bool zulu,
                                bool clock_in) const {
    const uint64_t h = hash_of(data_.shape().seed, Domain::entry_detail, e.serial, clock_in);
    const City& city = kCities[(e.employee * 7u + 3u) % kCities.size()];
    double dlat = static_cast<double>(static_cast<int64_t>(h % 2001) - 1000) * 1e-6;
    double dlon = static_cast<double>(static_cast<int64_t>((h >> 12) % 2001) - 1000) * 1e-6;
    // The planted places of work (violations.hpp): 1 degree north, about
    // 111 km from any office; or kOfficeRadio metres north of the office
    // (a degree of latitude is 111,195 m on the mean Earth radius the
    // client's rule uses: 0.002248 degrees rounds to 250 m).
    const auto planted = data_.planted_case(e.employee);
    const PlantedPlace where = planted ? planted_place(*planted, e) : PlantedPlace::usual;
    switch (where) {
        case PlantedPlace::usual:
        case PlantedPlace::no_fix:
            break;
        case PlantedPlace::away:
            dlat = 1.0, dlon = 0;
            break;
        case PlantedPlace::at_radio:
            dlat = kOfficeRadio / 111195.08, dlon = 0;
            break;
    }
    out += "{\"origin\":\"";
    // An entry typed in after the fact was typed on the web.
    out += data_.entered_late(e) ? kOrigins[0] : kOrigins[(h >> 48) % kOrigins.size()];
    out += "\",\"date\":\"";
    append_entry_time(out, utc, zulu);
    out += '"';
    if (where != PlantedPlace::no_fix) {  // no fix: no coordinates at all
        out += ",\"coordinates\":{\"latitude\":";
        append_fixed(out, city.latitude + dlat, 6);
        out += ",\"longitude\":";
        append_fixed(out, city.longitude + dlon, 6);
        out += '}';
    }
    if (fat_) {
        char ip[48];
        std::snprintf(
            ip, sizeof ip, ",\"ip\":\"83.%u.%u.%u\"", static_cast<unsigned>((h >> 24) % 256),
            static_cast<unsigned>((h >> 32) % 256), static_cast<unsigned>((h >> 40) % 254 + 1));
        out += ip;
    }
    out += '}';
}

void PageRenderer::append_entry(std::string& out, const Entry& e, const Uuid& id) const {
    const Employee& emp = data_.employees()[e.employee];
    const bool zulu = emp.zulu;
    const uint64_t h = hash_of(data_.shape().seed, Domain::entry_detail, e.serial);

    out += "{\"id\":\"";
    append_uuid(out, id);
    out += '"';
    if (fat_) {
        // Fat entries lead with the employee, as the real API's do.
        out += ",\"employee\":";
        out += employee_json_[e.employee];
        out += ",\"workEntryIn\":";
        append_clock(out, e, e.in, zulu, true);
        out += ",\"workEntryOut\":";
        if (!e.open()) {
            append_clock(out, e, e.in + e.length, zulu, false);
        } else if (e.flags & Entry::kOutObjectNull) {
            out += "{\"date\":null}";
        } else {
            out += "null";
        }
        out += ",\"workEntryType\":\"";
        out += e.pause() ? "pause" : "work";
        out += "\",";
        append_check_type(out, e);
    } else {
        out += ",\"workEntryType\":\"";
        out += e.pause() ? "pause" : "work";
        out += "\",";
        append_check_type(out, e);
        out += ",\"employee\":";
        out += employee_json_[e.employee];
        out += ",\"workEntryIn\":";
        append_clock(out, e, e.in, zulu, true);
        out += ",\"workEntryOut\":";
        if (!e.open()) {
            append_clock(out, e, e.in + e.length, zulu, false);
        } else if (e.flags & Entry::kOutObjectNull) {
            out += "{\"date\":null}";
        } else {
            out += "null";
        }
    }
    out += ",\"workedSeconds\":";
    if (e.open()) {
        append_int(out, static_cast<int64_t>(e.nominal) * 60);
    } else if (e.flags & Entry::kFloatWorked) {
        // The API's float seconds: 3600 s counted as 3599.6.
        append_int(out, e.length - 1);
        out += '.';
        out += static_cast<char>('1' + h % 9);
    } else {
        append_int(out, e.length);
    }
    out += ",\"deletedAt\":";
    if (e.deleted()) {
        out += '"';
        append_entry_time(out, data_.deleted_at(e), zulu);
        out += '"';
    } else {
        out += "null";
    }
    // Fields the client must skip.
    out += ",\"comment\":null,\"createdAt\":\"";
    append_entry_time(out, data_.created_at(e), zulu);
    out += "\",\"updatedAt\":\"";
    append_entry_time(out, data_.updated_at(e), zulu);
    out += '"';
    if (fat_) {
        out +=
            ",\"projectId\":null,\"tags\":[],"
            "\"modifiedBy\":null,\"isRemote\":";
        out += e.ref == 6 && !e.pause() ? "true" : "false";
    }
    out += '}';
}

std::string PageRenderer::render_entries_page(const View& view, bool with_drift, uint64_t page,
                                              uint64_t limit) const {
    const uint64_t total = view.total(with_drift);
    const PageMeta meta = make_meta(page, limit, total);
    // page >= 1 (checked by the caller); a page far past the end must not
    // overflow (page - 1) * limit.
    const uint64_t first = page - 1 > total / limit ? total : (page - 1) * limit;
    const uint64_t end = first >= total ? first : std::min(total, first + limit);
    std::string out;
    out.reserve(64 + static_cast<std::size_t>(end - first) * entry_size_hint_);
    out += "{\"data\":[";
    const uint64_t ndrift = with_drift ? view.drift.size() : 0;
    const auto& entries = data_.entries();
    for (uint64_t i = first; i < end; ++i) {
        if (i != first) out += ',';
        if (i < ndrift) {
            const Entry& e = view.drift[i];
            append_entry(out, e, data_.drift_entry_id(view.drift_day, e));
        } else {
            const Entry& e = entries[view.base[i - ndrift]];
            append_entry(out, e, data_.entry_id(e));
        }
    }
    out += "],";
    append_meta(out, meta);
    out += '}';
    return out;
}

std::string PageRenderer::render_list(const std::vector<std::string>& items, uint64_t page,
                                      uint64_t limit) {
    const PageMeta meta = make_meta(page, limit, items.size());
    std::string out = "{\"data\":[";
    const uint64_t n = items.size();
    const uint64_t first = page - 1 > n / limit ? n : (page - 1) * limit;
    for (uint64_t i = first; i < n && i < first + limit; ++i) {
        if (i != first) out += ',';
        out += items[i];
    }
    out += "],";
    append_meta(out, meta);
    out += '}';
    return out;
}

// {"id","name","color","companyId","createdAt","updatedAt","deletedAt","archivedAt"
// without the closing brace: a live group has null deletedAt/archivedAt
// (docs/API.md: timestamps "or null").
void PageRenderer::append_collection_fields(std::string& out, std::size_t index) const {
    const Collection& c = data_.collections()[index];
    const uint64_t h = hash_of(data_.shape().seed, Domain::collection, index, 0xC0u);
    const int64_t created = past_instant(h);
    out += "{\"id\":\"" + uuid_string(c.id) + "\",\"name\":";
    append_json_string(out, c.name);
    out += ",\"color\":";
    append_json_string(out, kCollectionColors[index % kCollectionColors.size()]);
    out += ",\"companyId\":\"" + uuid_string(data_.company_id()) + "\",\"createdAt\":\"";
    append_timestamp(out, created, false);
    out += "\",\"updatedAt\":\"";
    append_timestamp(out, created + static_cast<int64_t>((h >> 40) % (200 * 86400)), false);
    out += "\",\"deletedAt\":null,\"archivedAt\":null";
}

// docs/API.md: `data` is an array (of one group in practice), the group
// with its checkTypes [{id,name,color,icon}], and the list's meta.
std::string PageRenderer::render_collection_detail(std::size_t index) const {
    const Collection& c = data_.collections()[index];
    std::string out = "{\"data\":[";
    append_collection_fields(out, index);
    out += ",\"checkTypes\":[";
    for (std::size_t i = 0; i < c.check_types.size(); ++i) {
        const auto k = static_cast<std::size_t>(c.check_types[i]);
        const CheckType& t = data_.check_types()[k];
        if (i) out += ',';
        out += "{\"id\":\"" + uuid_string(t.id) + "\",\"name\":";
        append_json_string(out, t.name);
        out += ",\"color\":";
        append_json_string(out, check_type_color(t));
        out += ",\"icon\":";
        append_json_string(out, kCheckIcons[k % kCheckIcons.size()]);
        out += '}';
    }
    out += "]}],";
    append_meta(out, make_meta(1, 1, 1));
    out += '}';
    return out;
}

// {"data":{"company":{...}},"meta":{...}} as the document's ShowTokenInfo.
std::string PageRenderer::render_info() const {
    std::string out = "{\"data\":{\"company\":";
    append_company(out, false);
    out += "},";
    append_meta(out, make_meta(1, 1, 1));
    out += '}';
    return out;
}

// The company object of /core/v3/info and of the fat employee.
void PageRenderer::append_company(std::string& out, bool ascii) const {
    const uint64_t h = hash_of(data_.shape().seed, Domain::company, 0xC0u);
    const int64_t created = past_instant(h);
    out += "{\"id\":\"";
    append_uuid(out, data_.company_id());
    out += "\",\"name\":";
    append_json_string(out, data_.company_name(), ascii);
    out += ",\"notificationEmail\":";
    append_json_string(
        out, "rrhh@empresa-" + uuid_string(data_.company_id()).substr(0, 8) + ".example", ascii);
    out += ",\"language\":\"es\",\"createdAt\":\"";
    append_timestamp(out, created, false);
    out += "\",\"updatedAt\":\"";
    append_timestamp(out, created + static_cast<int64_t>((h >> 40) % (400 * 86400)), false);
    out += "\"}";
}

}  // namespace reportgen::mockapi
