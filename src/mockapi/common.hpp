#pragma once
// Building blocks of the mock server shared by the data set, the renderer and
// the fault injector: counter-based hashing (every random choice is a pure
// function of the seed and a few integers, so runs replay exactly), UUIDs,
// Europe/Madrid offsets and hand-written JSON output.
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>

namespace reportgen::mockapi {

// ---------------------------------------------------------------- hashing

constexpr uint64_t splitmix64(uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

constexpr uint64_t hash_combine(uint64_t h, uint64_t v) noexcept {
    return splitmix64(h ^ splitmix64(v + 0x632BE59BD9B4E019ULL));
}

// Separates the streams of random numbers, so that (say) adding a field to
// employees never changes the work entries generated for the same seed.
enum class Domain : uint64_t {
    company = 1,
    employee,
    check_type,
    work_break,
    collection,
    entry_id,
    entry_detail,
    day,
    drift,
    unknown_check_type,
    fault,
    latency,
    device,
    custom_field,
    // Issue 18's payroll data (appended: the streams above are unchanged).
    schedule,
    day_off,
    absence_type,
    validation,
    contract,
    stale,
};

template <class... Ts>
constexpr uint64_t hash_of(uint64_t seed, Domain d, Ts... values) noexcept {
    uint64_t h = hash_combine(splitmix64(seed), static_cast<uint64_t>(d));
    ((h = hash_combine(h, static_cast<uint64_t>(values))), ...);
    return h;
}

// [0, 1) from the top 53 bits.
constexpr double to_unit(uint64_t h) noexcept {
    return static_cast<double>(h >> 11) * (1.0 / 9007199254740992.0);
}

// A sequential stream for code that draws many numbers in a row (one shift).
class Rng {
  public:
    explicit constexpr Rng(uint64_t state) noexcept : state_(state) {}
    constexpr uint64_t next() noexcept {
        state_ += 0x9E3779B97F4A7C15ULL;
        return splitmix64(state_);
    }
    constexpr double unit() noexcept { return to_unit(next()); }
    constexpr bool chance(double p) noexcept { return unit() < p; }
    // Uniform in [lo, hi] (inclusive).
    constexpr int64_t range(int64_t lo, int64_t hi) noexcept {
        return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1));
    }

  private:
    uint64_t state_;
};

// ---------------------------------------------------------------- UUIDs

struct Uuid {
    uint64_t hi = 0;
    uint64_t lo = 0;
    friend constexpr bool operator==(const Uuid&, const Uuid&) = default;
    friend constexpr auto operator<=>(const Uuid&, const Uuid&) = default;
};

// A version-4-shaped UUID from two hashes.
constexpr Uuid make_uuid(uint64_t h1, uint64_t h2) noexcept {
    return Uuid{(h1 & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL,
                (h2 & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL};
}

// An entity UUID: random-looking, but with `index` folded bijectively into
// the low 40 bits so that ids of one kind can never collide.
constexpr Uuid make_indexed_uuid(uint64_t h, uint64_t index) noexcept {
    const uint64_t tag = ((index + 1) * 0x9E3779B97F4A7C15ULL) & 0xFFFFFFFFFFULL;
    const uint64_t h2 = splitmix64(h);
    return make_uuid(h, (h2 & ~0xFFFFFFFFFFULL) | tag);
}

inline void append_uuid(std::string& out, const Uuid& u) {
    static constexpr char hex[] = "0123456789abcdef";
    char buf[36];
    int p = 0;
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) buf[p++] = '-';
        const uint64_t word = i < 16 ? u.hi : u.lo;
        const int shift = 60 - 4 * (i % 16);
        buf[p++] = hex[(word >> shift) & 0xF];
    }
    out.append(buf, 36);
}

inline std::string uuid_string(const Uuid& u) {
    std::string s;
    append_uuid(s, u);
    return s;
}

// Parses the canonical 8-4-4-4-12 lower- or upper-case form.
bool parse_uuid(std::string_view s, Uuid& out) noexcept;

// ---------------------------------------------------------------- time

// Europe/Madrid since 1996: CET (+01:00), CEST (+02:00) from the last Sunday
// of March 01:00 UTC to the last Sunday of October 01:00 UTC.
int madrid_offset_minutes(int64_t utc_seconds) noexcept;

// UTC instant of a Madrid wall-clock time (local seconds since the epoch).
// A wall-clock time in the skipped spring hour maps to the instant an hour
// earlier, one in the repeated autumn hour to its second occurrence. Shifts
// start outside those hours and run on real durations from the clock-in.
int64_t madrid_to_utc(int64_t local_seconds) noexcept;

// "YYYY-MM-DDTHH:MM:SS+01:00", or "...Z" when zulu: the same instant either way.
void append_timestamp(std::string& out, int64_t utc_seconds, bool zulu);

// ---------------------------------------------------------------- JSON output

template <class Int>
inline void append_int(std::string& out, Int v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

// A JSON string literal with its quotes. Control characters, '"' and '\\'
// are escaped; with `ascii` every non-ASCII code point becomes \uXXXX
// (surrogate pairs above the BMP), as PHP's json_encode does by default, and
// '/' becomes "\/".
void append_json_string(std::string& out, std::string_view s, bool ascii = false);

}  // namespace reportgen::mockapi
