#pragma once
// The page decoder's memory of interned employees and check type ids
// (src/api/page_decoder.cpp), shared by its two paths.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/work_entry.hpp"

namespace reportgen::detail {

// The length of the JSON object or array starting at p (balanced brackets,
// strings skipped), or 0 when it does not end before `end`.
inline std::size_t json_extent(const char* p, const char* end) noexcept {
    int depth = 0;
    for (const char* q = p; q < end; ++q) {
        switch (*q) {
            case '"':
                for (++q; q < end && *q != '"'; ++q)
                    if (*q == '\\') ++q;
                break;
            case '{':
            case '[':
                ++depth;
                break;
            case '}':
            case ']':
                if (--depth == 0) return static_cast<std::size_t>(q + 1 - p);
                break;
            default:
                break;
        }
    }
    return 0;
}
// The decoder's memory of the employees and check type ids it has interned,
// so that entries of known employees (all but the first one of each) skip
// the tables' string-keyed lookups. A shortcut only: every hit is checked
// against the table, and the tables' intern() stays the one place that
// decides. It grows with the employees of a report, like the table does.
class InternCache {
  public:
    // Forget everything when handed other tables than last time.
    void bind(const EmployeeTable& employees, const CheckTypeRefs& check_types) {
        if (&employees != employees_ || employees.size() < employees_size_ ||
            &check_types != check_types_ || check_types.size() < check_types_size_) {
            known_.clear();
            slots_.assign(slots_.size(), 0);
            refs_.assign(kRefSlots, Ref{});
            raw_total_ = 0;
            employees_ = &employees;
            check_types_ = &check_types;
        }
    }
    void remember_sizes(const EmployeeTable& employees, const CheckTypeRefs& check_types) {
        employees_size_ = employees.size();
        check_types_size_ = check_types.size();
    }

    // The employee whose JSON object starts at p (its '{'; end bounds the
    // page) when that object is byte for byte the one last interned for its
    // id: the same details, so intern() would return the same index and
    // change nothing. nullopt otherwise (then decode it and call employee()).
    std::optional<uint32_t> employee_raw(const EmployeeTable& table, const char* p, const char* end,
                                         std::size_t& length) {
        if (end - p < 45 || std::memcmp(p, "{\"id\":\"", 7) != 0 || p[43] != '"')
            return std::nullopt;
        const std::string_view id(p + 7, 36);
        const uint32_t slot = *find(EntryId::from_string(id), id);
        if (slot == 0) return std::nullopt;
        const Known& k = known_[slot - 1];
        if (k.raw.empty() || static_cast<std::size_t>(end - p) < k.raw.size() ||
            std::memcmp(p, k.raw.data(), k.raw.size()) != 0)
            return std::nullopt;
        if (k.index < table.size() && table[k.index].id == id) {
            length = k.raw.size();
            return k.index;
        }
        return std::nullopt;
    }

    // Interns an employee decoded from the object at raw (raw..end: the rest
    // of the page) and remembers its details and, within a bound, its bytes.
    uint32_t employee(EmployeeTable& table, std::string_view id, std::string_view first,
                      std::string_view last, std::string_view type, std::string_view nid,
                      bool has_nid, const char* raw, const char* end) {
        const EntryId key = EntryId::from_string(id);
        if (known_.size() * 2 >= slots_.size()) grow();
        uint32_t* slot = find(key, id);
        Known* k;
        if (*slot != 0) {
            k = &known_[*slot - 1];
            // Exactly the details last interned for this id: intern() would
            // return the same index and change nothing (the table keeps the
            // smallest details it was offered, and these were offered).
            if (!(k->first == first && k->last == last && k->type == type && k->nid == nid &&
                  k->has_nid == has_nid && k->index < table.size() && table[k->index].id == id)) {
                k->index = table.intern(id, first, last, type, nid, has_nid);
                k->first.assign(first);
                k->last.assign(last);
                k->type.assign(type);
                k->nid.assign(nid);
                k->has_nid = has_nid;
            }
        } else {
            const uint32_t index = table.intern(id, first, last, type, nid, has_nid);
            known_.push_back(Known{key,
                                   index,
                                   std::string(id),
                                   std::string(first),
                                   std::string(last),
                                   std::string(type),
                                   std::string(nid),
                                   has_nid,
                                   {}});
            *slot = static_cast<uint32_t>(known_.size());
            k = &known_.back();
        }
        remember_raw(*k, raw, end);
        return k->index;
    }

    uint32_t check_type(CheckTypeRefs& refs, std::string_view id) {
        const EntryId key = EntryId::from_string(id);
        Ref& r = refs_[(key.hi ^ key.lo ^ (key.lo >> 29)) & (kRefSlots - 1)];
        if (r.used && r.key == key && r.index < refs.size() && refs[r.index] == id) return r.index;
        r = Ref{key, refs.intern(id), true};
        return r.index;
    }

  private:
    static constexpr std::size_t kRefSlots = 64;  // direct-mapped; a collision re-interns
    // Employee objects kept byte for byte: at most this long each (a fat one
    // is ~1.3 KB) and this much in all; the others take the decoding path.
    static constexpr std::size_t kMaxRaw = 4096;
    static constexpr std::size_t kMaxRawTotal = 4u << 20;
    struct Known {
        EntryId key;  // the id's 128 bits (a UUID's, or a hash)
        uint32_t index;
        std::string id, first, last, type, nid;
        bool has_nid;
        std::string raw;  // the object as last interned (empty: not kept)
    };
    struct Ref {
        EntryId key;
        uint32_t index = 0;
        bool used = false;
    };

    void remember_raw(Known& k, const char* raw, const char* end) {
        raw_total_ -= k.raw.size();
        k.raw.clear();
        if (raw == nullptr || end - raw < 45 || std::memcmp(raw, "{\"id\":\"", 7) != 0) return;
        const std::size_t n = json_extent(raw, std::min(end, raw + kMaxRaw));
        if (n == 0 || raw_total_ + n > kMaxRawTotal) return;
        k.raw.assign(raw, n);
        raw_total_ += n;
    }

    static std::size_t hash(const EntryId& k) noexcept {
        return static_cast<std::size_t>((k.hi ^ (k.lo * 0x9E3779B97F4A7C15ull)) >> 7);
    }
    // The slot holding id, or the empty slot where it belongs (open addressing).
    uint32_t* find(const EntryId& key, std::string_view id) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            const uint32_t s = slots_[i];
            if (s == 0) return &slots_[i];
            const Known& k = known_[s - 1];
            if (k.key == key && k.id == id) return &slots_[i];
        }
    }
    void grow() {
        slots_.assign(std::max<std::size_t>(1024, slots_.size() * 2), 0);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t n = 0; n < known_.size(); ++n) {
            std::size_t i = hash(known_[n].key) & mask;
            while (slots_[i] != 0)
                i = (i + 1) & mask;
            slots_[i] = static_cast<uint32_t>(n + 1);
        }
    }

    std::vector<Known> known_;
    std::vector<uint32_t> slots_ = std::vector<uint32_t>(1024, 0);  // known_ index + 1; 0 = empty
    std::vector<Ref> refs_ = std::vector<Ref>(kRefSlots);
    std::size_t raw_total_ = 0;
    const EmployeeTable* employees_ = nullptr;
    const CheckTypeRefs* check_types_ = nullptr;
    std::size_t employees_size_ = 0;
    std::size_t check_types_size_ = 0;
};

}  // namespace reportgen::detail
