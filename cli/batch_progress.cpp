#include "batch_progress.hpp"

#include <algorithm>
#include <cstdio>

#include "progress_printer.hpp"

namespace reportgen::cli {

namespace {
// At most ~10 frames a second: drawing must not cost the reports throughput,
// and a faster redraw only flickers.
constexpr double kMinInterval = 0.1;
}  // namespace

BatchProgressView::BatchProgressView(std::ostream& out, int width, int max_lines)
    : out_(out),
      width_(static_cast<std::size_t>(std::max(width, 20))),
      max_lines_(static_cast<std::size_t>(std::max(max_lines, 1))) {}

void BatchProgressView::started(const std::string& company, double now_s) {
    const std::lock_guard lock(mutex_);
    running_.push_back(Running{company, now_s});
    redraw(now_s, true);
}

void BatchProgressView::progress(const std::string& company, const Progress& p, double now_s) {
    const std::lock_guard lock(mutex_);
    for (auto& r : running_) {
        if (r.company != company) continue;
        r.phase = std::string(p.phase);
        r.pages_done = p.pages_done;
        r.pages_total = p.pages_total;
        r.entries = p.entries;
    }
    redraw(now_s, false);
}

void BatchProgressView::finished(const std::string& company, double now_s) {
    const std::lock_guard lock(mutex_);
    std::erase_if(running_, [&company](const Running& r) { return r.company == company; });
    redraw(now_s, true);
}

void BatchProgressView::tick(double now_s) {
    const std::lock_guard lock(mutex_);
    if (!running_.empty()) redraw(now_s, false);
}

void BatchProgressView::clear() {
    const std::lock_guard lock(mutex_);
    out_ << erase();
    out_.flush();
}

std::string BatchProgressView::line_of(std::size_t index, double now_s) const {
    const Running& r = running_.at(index);
    // The clock a line is drawn with can read a hair before the one its
    // company's start was stamped with (another thread): never "-0.0 s".
    const double elapsed = std::max(0.0, now_s - r.started_s);
    char buf[256];
    if (r.pages_total > 0) {
        std::snprintf(buf, sizeof buf, "  %s  %s  pages %s/%s  %s  %.1f s", r.company.c_str(),
                      r.phase.c_str(), thousands(r.pages_done).c_str(),
                      thousands(r.pages_total).c_str(),
                      counted(r.entries, "entry", "entries").c_str(), elapsed);
    } else {
        std::snprintf(buf, sizeof buf, "  %s  %s  %.1f s", r.company.c_str(), r.phase.c_str(),
                      elapsed);
    }
    std::string line = buf;
    if (line.size() >= width_) {
        // Cut at a character's first byte: a UTF-8 company name is not split.
        std::size_t cut = width_ - 1;
        while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
            --cut;
        line.resize(cut);
    }
    return line;
}

std::string BatchProgressView::erase() {
    // Up to the first drawn line, then clear to the end of the screen.
    std::string seq;
    if (drawn_ > 0) seq = "\x1b[" + std::to_string(drawn_) + "A\r\x1b[J";
    drawn_ = 0;
    return seq;
}

void BatchProgressView::redraw(double now_s, bool force) {
    if (!force && now_s - last_draw_s_ < kMinInterval) return;
    last_draw_s_ = now_s;
    // One write per frame: a terminal never shows a half-erased one.
    std::string frame = erase();
    const std::size_t shown = std::min(running_.size(), max_lines_);
    for (std::size_t i = 0; i < shown; ++i)
        frame += line_of(i, now_s) + "\n";
    if (running_.size() > shown)
        frame += "  ... " + std::to_string(running_.size() - shown) + " more running\n";
    drawn_ = shown + (running_.size() > shown ? 1 : 0);
    out_ << frame;
    out_.flush();
}

}  // namespace reportgen::cli
