#pragma once
// A terminal's screen from the bytes written to it, for the batch's progress
// lines (cli/batch_progress.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

namespace reportgen::test {

// Just enough of a VT100 for the view's output: text, "\n", "\r",
// ESC[nA (cursor up), ESC[J (clear to the end of the screen).
class TinyTerminal {
  public:
    void play(const std::string& bytes) {
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            const char c = bytes[i];
            if (c == '\x1b') {
                REQUIRE(bytes.at(i + 1) == '[');
                std::size_t j = i + 2;
                int n = 0;
                while (std::isdigit(static_cast<unsigned char>(bytes.at(j))))
                    n = n * 10 + (bytes[j++] - '0');
                if (bytes[j] == 'A') {
                    const auto up = static_cast<std::size_t>(std::max(n, 1));
                    REQUIRE(up <= row_);  // never above the first line written
                    row_ -= up;
                } else {
                    REQUIRE(bytes[j] == 'J');
                    screen_.resize(row_ + 1);
                    screen_[row_].resize(col_);
                }
                i = j;
            } else if (c == '\n') {
                ++row_, col_ = 0;
            } else if (c == '\r') {
                col_ = 0;
            } else {
                if (screen_.size() <= row_) screen_.resize(row_ + 1);
                std::string& line = screen_[row_];
                if (line.size() <= col_) line.resize(col_ + 1, ' ');
                line[col_++] = c;
            }
        }
    }
    // The lines with text on them, top to bottom.
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        for (const auto& l : screen_)
            if (!l.empty()) out.push_back(l);
        return out;
    }
    std::size_t cursor_row() const { return row_; }

  private:
    std::vector<std::string> screen_;
    std::size_t row_ = 0, col_ = 0;
};

}  // namespace reportgen::test
