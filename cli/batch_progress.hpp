#pragma once
// `reportgen batch` on a terminal: one line per running company, redrawn in
// place and removed when the company finishes. The library only reports
// (BatchCallbacks in reportgen/batch.hpp); this class draws. It writes to an
// injected stream and takes the time with each event, so a test can replay a
// sequence of events and read the frames.
#include <cstdint>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "reportgen/progress.hpp"

namespace reportgen::cli {

class BatchProgressView {
  public:
    // width: the terminal's columns (lines are cut to width - 1 so that none
    // wraps, which would break the cursor-up count); max_lines: running
    // companies shown, the rest summed up in one line.
    BatchProgressView(std::ostream& out, int width, int max_lines = 20);

    // Events, from any thread; `now_s` is a monotonic time in seconds.
    void started(const std::string& company, double now_s);
    void progress(const std::string& company, const Progress& p, double now_s);
    void finished(const std::string& company, double now_s);
    // Redraws the elapsed times of companies that report nothing for a while.
    void tick(double now_s);
    // Erases the drawn lines (before the final summary lines).
    void clear();

    // "acme  fetch  pages 12/40  5,400 entries  3.2 s" (cut to the width).
    std::string line_of(std::size_t index, double now_s) const;

  private:
    struct Running {
        std::string company;
        double started_s = 0;
        std::string phase = "start";
        uint64_t pages_done = 0, pages_total = 0, entries = 0;
    };

    void redraw(double now_s, bool force);  // mutex held
    std::string erase();                    // mutex held: the erasing sequence

    std::ostream& out_;
    std::size_t width_;
    std::size_t max_lines_;
    std::mutex mutex_;
    std::vector<Running> running_;  // in the order they started
    std::size_t drawn_ = 0;         // lines on screen now
    double last_draw_s_ = -1.0;
};

}  // namespace reportgen::cli
