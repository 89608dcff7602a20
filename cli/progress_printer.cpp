#include "progress_printer.hpp"

#include <cinttypes>

namespace reportgen::cli {

// Built forwards, not with insert(): GCC 12 at -O3 takes insert's memmove
// for an unbounded copy (-Wstringop-overflow, an error under -Werror).
std::string thousands(uint64_t n) {
    const std::string digits = std::to_string(n);
    std::string out;
    out.reserve(digits.size() + digits.size() / 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
        out.push_back(digits[i]);
    }
    return out;
}

std::string counted(uint64_t n, const char* one, const char* many) {
    return thousands(n) + " " + (n == 1 ? one : many);
}

void ProgressPrinter::update(const Progress& p) {
    if (!enabled_) return;
    const bool last = p.phase == "done";
    // At most ~10 redraws a second: progress must not cost throughput.
    if (!last && p.phase == "fetch" && p.elapsed_s - last_draw_ < 0.1 &&
        p.pages_done != p.pages_total)
        return;
    last_draw_ = p.elapsed_s;
    const double rate = p.elapsed_s > 0 ? static_cast<double>(p.entries) / p.elapsed_s : 0.0;
    char eta[32] = "-";
    if (p.pages_done > 0 && p.pages_done < p.pages_total) {
        const double left = p.elapsed_s / static_cast<double>(p.pages_done) *
                            static_cast<double>(p.pages_total - p.pages_done);
        std::snprintf(eta, sizeof eta, "%.0fs", left);
    } else if (p.pages_done >= p.pages_total) {
        std::snprintf(eta, sizeof eta, "0s");
    }
    std::fprintf(stderr,
                 "\r\x1b[K[%.*s] pages %" PRIu64 "/%" PRIu64 "  entries %s  %s entries/s  ETA %s",
                 static_cast<int>(p.phase.size()), p.phase.data(), p.pages_done, p.pages_total,
                 thousands(p.entries).c_str(), thousands(static_cast<uint64_t>(rate)).c_str(), eta);
    std::fflush(stderr);
    drawn_ = true;
}

void ProgressPrinter::clear() {
    if (drawn_) std::fprintf(stderr, "\r\x1b[K");
    drawn_ = false;
}

std::string summary_line(const ReportResult& r) {
    const Metrics& m = r.metrics;
    // One file per employee: how many, and the first (the rest are beside it).
    const std::string target =
        !m.output_path.empty()   ? m.output_path
        : m.output_files.empty() ? std::string("(sink)")
                                 : std::to_string(m.output_files.size()) + " files (" +
                                       m.output_files.front() + ", ...)";
    char buf[1024];
    std::snprintf(
        buf, sizeof buf, "%s (%s%s): %s, %s, %s, %.2f s, %s entries/s -> %s", m.strategy.c_str(),
        m.strategy_reason.c_str(), m.fallback_used ? "; fell back to legacy" : "",
        counted(m.entries_decoded, "entry", "entries").c_str(),
        counted(m.pages_fetched, "page", "pages").c_str(),
        counted(m.rows_written, "row", "rows").c_str(), m.total_s,
        thousands(static_cast<uint64_t>(m.entries_per_second())).c_str(),
        target.c_str());
    return buf;
}

std::string incidents_line(const Metrics& m) {
    if (m.incidents == 0) return {};
    std::string line = counted(m.incidents, "compliance incident", "compliance incidents") + ":";
    bool first = true;
    for (const auto& [rule, n] : m.incidents_by_rule) {
        if (n == 0) continue;
        line += (first ? " " : ", ") + rule + " " + std::to_string(n);
        first = false;
    }
    return line;
}

}  // namespace reportgen::cli
