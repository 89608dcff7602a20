#pragma once
// Progress on stderr, one line redrawn in place (only when it is wanted:
// a terminal, or --progress always), and the closing summary line.
#include <cstdio>
#include <string>

#include "reportgen/generator.hpp"

namespace reportgen::cli {

class ProgressPrinter {
  public:
    explicit ProgressPrinter(bool enabled) : enabled_(enabled) {}
    void update(const Progress& p);
    void clear();  // erase the progress line before other output

  private:
    bool enabled_;
    bool drawn_ = false;
    double last_draw_ = -1.0;
};

// "turbo (auto: 35 pages >= 3): 17,360 entries, 35 pages, 0.42 s, 41,332 entries/s -> out.xlsx"
std::string summary_line(const ReportResult& r);
// The compliance totals for one warning line: "3 compliance incidents:
// daily_max 2, long_entry 1"; empty when the checks found none (or did not run).
std::string incidents_line(const Metrics& m);
std::string thousands(uint64_t n);
// "1 page", "2 pages", "1,024 pages"
std::string counted(uint64_t n, const char* one, const char* many);

}  // namespace reportgen::cli
