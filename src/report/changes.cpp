#include "report/changes.hpp"

#include <algorithm>
#include <tuple>

#include "report/labels.hpp"
#include "report/trace.hpp"
#include "report/shifts.hpp"

namespace reportgen::detail {
namespace {

// A UTC instant as local seconds since the epoch on the given offset.
int64_t local(int64_t utc, int16_t offset_min) noexcept {
    return utc + int64_t{offset_min} * 60;
}

std::string_view what_of(unsigned why, bool deleted, const Labels& lab) noexcept {
    if (deleted) return lab.change_deleted;
    if ((why & kLate) && (why & kEdited)) return lab.change_late_edited;
    return (why & kLate) ? lab.change_late : lab.change_edited;
}

}  // namespace

ChangeStage::Mark ChangeStage::shift(uint32_t employee, int32_t workday,
                                     std::span<const WorkEntry> entries) {
    Mark mark;
    for (const WorkEntry& e : entries) {
        const EntryTrace* t = traces_.find(e.id);
        if (t == nullptr) continue;
        // The table kept what a copy of the entry said; the rule is applied
        // again to the copy the store kept.
        const unsigned why = modified_reasons(e, *t);
        if (why == kNotModified) continue;
        ++modified_;
        const int64_t at = modified_at(e, *t);
        if (mark.utc == kNoTime || at > mark.utc) mark = Mark{at, e.in_offset_min};
        if (list_) items_.push_back(Item{employee, workday, e, *t, why});
    }
    return mark;
}

void ChangeStage::finish(ReportSummary& sum, const ReportNames& names, int32_t from, int32_t to,
                         Lang lang, Metrics& m) {
    m.modified_entries += modified_;
    if (!list_) return;
    for (const TraceTable::Deleted& d : traces_.deleted()) {
        const int32_t day = local_day(d.entry.in_utc, d.entry.in_offset_min);
        if (day < from || day > to) continue;
        items_.push_back(Item{d.entry.employee, day, d.entry, d.trace, 0});
        ++m.deleted_entries;
    }
    std::sort(items_.begin(), items_.end(), [&](const Item& a, const Item& b) {
        return std::tuple(names.employee_rank(a.employee), a.workday, a.entry.in_utc, a.entry.id) <
               std::tuple(names.employee_rank(b.employee), b.workday, b.entry.in_utc, b.entry.id);
    });
    const Labels& lab = labels(lang);
    const OriginRefs& origins = traces_.origins();
    sum.changes_listed = true;
    sum.changes.reserve(items_.size());
    for (const Item& i : items_) {
        const WorkEntry& e = i.entry;
        const EntryTrace& t = i.trace;
        ChangeSummary c;
        c.name = names.employee_name(i.employee);
        c.identity_type = names.identity_type(i.employee);
        c.nid = names.nid(i.employee);
        c.workday = i.workday;
        c.clock_in = local(e.in_utc, e.in_offset_min);
        c.has_clock_out = !e.open();
        if (c.has_clock_out) c.clock_out = local(e.out_utc, e.out_offset_min);
        // Record times on the clock-in's wall clock: what the clerk compares
        // them with (Sesame may write them in UTC).
        c.has_created = t.created_utc != kNoTime;
        if (c.has_created) c.created = local(t.created_utc, e.in_offset_min);
        c.has_updated = t.updated_utc != kNoTime;
        if (c.has_updated) c.updated = local(t.updated_utc, e.in_offset_min);
        c.origin_in = origins[t.origin_in];
        c.origin_out = origins[t.origin_out];
        c.deleted = e.deleted;
        c.what = what_of(i.why, e.deleted, lab);
        sum.changes.push_back(c);
    }
}

}  // namespace reportgen::detail
