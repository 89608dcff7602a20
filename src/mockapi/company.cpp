#include "mockapi/company.hpp"

#include <algorithm>
#include <array>
#include <numeric>
#include <string_view>

namespace reportgen::mockapi {

namespace {

// Realistic names with accents, commas and an ampersand (report headers).
constexpr std::array<std::string_view, 6> kCompanyNames = {
    "Talleres Peñalver, S.A.",         "Logística Ibáñez & Hijos, S.L.",
    "Clínica Dental Muñoz, S.L.P.",    "Hostelería Gómez-Aranda, S.L.U.",
    "Cooperativa Agrícola San Andrés", "Construcciones Álvarez, S.A."};

}  // namespace

DatasetShape company_shape(const DatasetShape& base, int number) {
    if (number <= 1) return base;
    DatasetShape s = base;
    const auto k = static_cast<uint64_t>(number);
    s.seed = hash_combine(base.seed, k);
    s.employees = base.employees + (number - 1) * std::max(1, base.employees / 3);
    s.company_name = std::string(kCompanyNames[(k - 2) % kCompanyNames.size()]);
    if (k - 2 >= kCompanyNames.size()) s.company_name += " (" + std::to_string(number) + ")";
    return s;
}

Company::Company(int number, const DatasetShape& shape, bool fat, std::size_t budget,
                 Clock::duration budget_window, int stale_statistics, int holiday_calendars)
    : number_(number),
      data_(shape),
      renderer_(data_, fat),
      schedule_(data_),
      statistics_(data_, schedule_),
      payroll_(data_, schedule_, renderer_),
      holiday_calendars_(holiday_calendars),
      budget_(budget, budget_window) {
    // The stale employees: the first ones in an order drawn from the seed
    // (regular ones: the planted compliance cases keep their figures).
    std::vector<uint32_t> order(data_.regular_employees());
    std::iota(order.begin(), order.end(), 0u);
    const uint64_t seed = shape.seed;
    std::sort(order.begin(), order.end(), [seed](uint32_t a, uint32_t b) {
        return hash_of(seed, Domain::stale, a) < hash_of(seed, Domain::stale, b);
    });
    order.resize(std::min(order.size(), static_cast<std::size_t>(std::max(0, stale_statistics))));
    std::sort(order.begin(), order.end());
    stale_ = std::move(order);
}

// 5 to 30 minutes that the statistics have not caught up with.
int64_t Company::stale_seconds(uint32_t employee) const {
    if (!std::binary_search(stale_.begin(), stale_.end(), employee)) return 0;
    return 300 +
           static_cast<int64_t>(hash_of(data_.shape().seed, Domain::stale, employee, 1) % 1501);
}

std::shared_ptr<View> Company::view(const EntryFilter& f, int drift) {
    std::string key = f.key();
    std::lock_guard lock(views_m_);
    if (auto it = views_.find(key); it != views_.end()) {
        views_lru_.splice(views_lru_.begin(), views_lru_, it->second.second);
        return it->second.first;
    }
    auto v = std::make_shared<View>();
    v->filter = f;
    v->key = key;
    v->base = data_.select(f);
    // Drift entries are dated the first day of the range that the data set
    // covers, so that they fall inside the query; those the filter rejects
    // (onlyReturn=deleted, updatedAt bounds) never appear.
    const int64_t day = std::max(f.from, data_.first_day());
    if (drift > 0 && day <= f.to && !f.unknown_employee) {
        std::vector<uint32_t> emps;
        if (f.employee) {
            emps.push_back(*f.employee);
        } else {
            emps.resize(std::min<std::size_t>(data_.employees().size(),
                                              static_cast<std::size_t>(drift)));
            std::iota(emps.begin(), emps.end(), 0u);
        }
        v->drift_day = day;
        v->drift = data_.drift_entries(day, drift, emps);
        std::erase_if(v->drift, [&](const Entry& e) { return !data_.matches(e, f); });
    }
    views_lru_.push_front(key);
    views_.emplace(std::move(key), std::make_pair(v, views_lru_.begin()));
    // A bounded number of views: each holds 4 bytes per entry of its range.
    while (views_.size() > 256) {
        views_.erase(views_lru_.back());
        views_lru_.pop_back();
    }
    return v;
}

}  // namespace reportgen::mockapi
