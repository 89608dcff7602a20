#include "report/work_entry.hpp"

#include "reportgen/error.hpp"

#include <array>
#include <tuple>

namespace reportgen::detail {
namespace {

// 64-bit FNV-1a with a seed: two differently seeded runs make a 128-bit id for
// ids that are not UUIDs.
uint64_t fnv1a(std::string_view s, uint64_t seed) noexcept {
    uint64_t h = 1469598103934665603ull ^ seed;
    for (const char ch : s) {
        h ^= static_cast<unsigned char>(ch);
        h *= 1099511628211ull;
    }
    return h;
}

}  // namespace

std::string_view trim_spaces(std::string_view s) noexcept {
    const auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!s.empty() && ws(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && ws(s.back()))
        s.remove_suffix(1);
    return s;
}

EntryId EntryId::from_string(std::string_view s) noexcept {
    // Canonical UUID: 8-4-4-4-12 hex digits. Table lookups, no branch per
    // digit: this runs for every entry of every page.
    if (s.size() == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-') {
        static constexpr auto kHex = [] {
            std::array<int8_t, 256> t{};
            t.fill(-1);
            for (std::size_t c = 0; c < 10; ++c)
                t['0' + c] = static_cast<int8_t>(c);
            for (std::size_t c = 0; c < 6; ++c) {
                t['a' + c] = static_cast<int8_t>(10 + c);
                t['A' + c] = static_cast<int8_t>(10 + c);
            }
            return t;
        }();
        static constexpr std::array<uint8_t, 32> kPos = {0,  1,  2,  3,  4,  5,  6,  7,  9,  10, 11,
                                                         12, 14, 15, 16, 17, 19, 20, 21, 22, 24, 25,
                                                         26, 27, 28, 29, 30, 31, 32, 33, 34, 35};
        uint64_t parts[2] = {0, 0};
        int bad = 0;
        for (std::size_t half = 0; half < 2; ++half) {
            uint64_t v = 0;
            for (std::size_t i = 0; i < 16; ++i) {
                const int8_t d = kHex[static_cast<unsigned char>(s[kPos[half * 16 + i]])];
                bad |= d;  // -1 (every bit set) for a non-hex character
                v = (v << 4) | static_cast<uint64_t>(d & 15);
            }
            parts[half] = v;
        }
        if (bad >= 0) return EntryId{parts[0], parts[1]};
    }
    // Not a UUID: hash it, and set the top bit of `hi` apart from real UUIDs'
    // version nibble patterns is not possible, so a collision is only as
    // likely as a 128-bit hash collision.
    return EntryId{fnv1a(s, 0x9e3779b97f4a7c15ull), fnv1a(s, 0x2545f4914f6cdd1dull)};
}

namespace {

// name == first + " " + last (trimmed), without building the string.
bool same_name(std::string_view name, std::string_view first, std::string_view last) noexcept {
    if (first.empty() || last.empty()) return name == (first.empty() ? last : first);
    return name.size() == first.size() + 1 + last.size() && name.starts_with(first) &&
           name[first.size()] == ' ' && name.ends_with(last);
}

bool same_type(std::string_view stored, std::string_view raw) noexcept {
    if (stored.size() != raw.size()) return false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        char c = raw[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c != stored[i]) return false;
    }
    return true;
}

}  // namespace

uint32_t EmployeeTable::intern(std::string_view id, std::string_view first, std::string_view last,
                               std::string_view identity_type, std::string_view nid, bool has_nid) {
    first = trim_spaces(first);
    last = trim_spaces(last);
    identity_type = trim_spaces(identity_type);
    const auto it = index_.find(id);
    // Hot path (every entry of a fat page): the employee is known and unchanged.
    if (it != index_.end()) {
        const Employee& e = employees_[it->second];
        if (same_name(e.name, first, last) && same_type(e.identity_type, identity_type) &&
            e.nid == nid && e.has_nid == has_nid)
            return it->second;
    }
    std::string name;
    name.reserve(first.size() + last.size() + 1);
    name.append(first);
    if (!first.empty() && !last.empty()) name.push_back(' ');
    name.append(last);
    std::string type(identity_type);
    for (char& c : type)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');

    if (it != index_.end()) {
        Employee& e = employees_[it->second];
        // Details changed mid-run: the smallest wins, whatever the page order.
        // Compared as string_views: clang 14 with libstdc++ 12 has no <=>
        // between a string and a string_view inside tuples.
        using Key = std::tuple<std::string_view, std::string_view, std::string_view>;
        if (Key(name, type, nid) < Key(e.name, e.identity_type, e.nid)) {
            e.name = std::move(name);
            e.identity_type = std::move(type);
            e.nid = std::string(nid);
            e.has_nid = has_nid;
            e.first_size = static_cast<uint32_t>(first.size());
        }
        return it->second;
    }
    const auto idx = static_cast<uint32_t>(employees_.size());
    employees_.push_back(
        Employee{std::string(id), std::move(name), std::move(type), std::string(nid), has_nid,
                 static_cast<uint32_t>(first.size())});
    index_.emplace(std::string(id), idx);
    return idx;
}

uint32_t IdRefs::intern(std::string_view id) {
    if (auto it = index_.find(id); it != index_.end()) return it->second;
    // An index must fit WorkEntry::check_type (29 bits, the top value meaning
    // "none"): a company with half a billion activities is a broken answer.
    if (ids_.size() >= WorkEntry::kNoCheckType)
        throw data_error("more than " + std::to_string(WorkEntry::kNoCheckType) + " distinct " +
                         field_ + " values");
    const auto idx = static_cast<uint32_t>(ids_.size());
    ids_.emplace_back(id);
    index_.emplace(std::string(id), idx);
    return idx;
}

uint8_t OriginRefs::intern(std::string_view origin) {
    // A handful of values in practice: a scan beats a hash of every entry's.
    for (std::size_t i = 0; i < names_.size(); ++i)
        if (names_[i] == origin) return static_cast<uint8_t>(i + 1);
    if (names_.size() >= kMax)
        throw data_error("more than " + std::to_string(kMax) + " distinct origin values");
    names_.emplace_back(origin);
    return static_cast<uint8_t>(names_.size());
}

}  // namespace reportgen::detail
