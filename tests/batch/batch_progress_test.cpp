// The batch's progress lines (cli/batch_progress.hpp): a sequence of runner
// events replayed into the view, its output played on a tiny terminal.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "batch_progress.hpp"
#include "tiny_terminal.hpp"

using reportgen::Progress;
using reportgen::cli::BatchProgressView;
using reportgen::test::TinyTerminal;

namespace {

Progress fetch(uint64_t done, uint64_t total, uint64_t entries) {
    return Progress{"fetch", done, total, entries, 0};
}

}  // namespace

TEST_CASE("batch progress: one line per running company, redrawn in place, removed when done",
          "[batch][progress]") {
    std::ostringstream out;
    BatchProgressView view(out, 80);
    TinyTerminal term;
    term.play("before\n");  // what was on the terminal stays
    auto flush = [&] {
        term.play(out.str());
        out.str("");
    };

    view.started("acme", 0.0);
    view.started("globex", 0.0);
    view.progress("acme", fetch(12, 40, 5400), 1.0);
    flush();
    CHECK(term.lines() ==
          std::vector<std::string>{"before", "  acme  fetch  pages 12/40  5,400 entries  1.0 s",
                                   "  globex  start  1.0 s"});

    // Within 0.1 s of the last frame: not drawn; the next one shows both updates.
    view.progress("globex", fetch(1, 3, 100), 1.05);
    flush();
    CHECK(term.lines()[2] == "  globex  start  1.0 s");
    view.progress("acme", fetch(40, 40, 18000), 2.0);
    flush();
    CHECK(term.lines() ==
          std::vector<std::string>{"before", "  acme  fetch  pages 40/40  18,000 entries  2.0 s",
                                   "  globex  fetch  pages 1/3  100 entries  2.0 s"});

    view.finished("acme", 2.5);
    flush();
    CHECK(term.lines() ==
          std::vector<std::string>{"before", "  globex  fetch  pages 1/3  100 entries  2.5 s"});
    view.tick(3.0);  // elapsed time moves without events
    flush();
    CHECK(term.lines() ==
          std::vector<std::string>{"before", "  globex  fetch  pages 1/3  100 entries  3.0 s"});
    view.finished("globex", 3.2);
    view.clear();
    flush();
    CHECK(term.lines() == std::vector<std::string>{"before"});
    CHECK(term.cursor_row() == 1);  // the summary lines go right below
}

TEST_CASE("batch progress: lines fit the width, companies beyond max_lines summed up",
          "[batch][progress]") {
    std::ostringstream out;
    BatchProgressView view(out, 30, 2);
    TinyTerminal term;
    view.started("a-company-with-a-very-long-name", 0);
    view.started("b", 0);
    view.started("c", 0);
    view.started("d", 0);
    term.play(out.str());
    const auto lines = term.lines();
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == std::string("  a-company-with-a-very-long-name").substr(0, 29));
    CHECK(lines[1] == "  b  start  0.0 s");
    CHECK(lines[2] == "  ... 2 more running");
    CHECK(term.cursor_row() == 3);
}

TEST_CASE("batch progress: a UTF-8 name is cut between characters, elapsed never negative",
          "[batch][progress]") {
    std::ostringstream out;
    BatchProgressView view(out, 20);
    // "  " + "ñandú-ñandú-ñandú": byte 19 (the cut, width - 1) falls inside
    // the third 'ñ' (bytes 18 and 19).
    view.started(
        "\xc3\xb1"
        "and\xc3\xba-\xc3\xb1"
        "and\xc3\xba-\xc3\xb1"
        "and\xc3\xba",
        5.0);
    view.started("b", 5.0);
    view.tick(4.99);  // another thread's clock, read a hair before the start's
    TinyTerminal term;
    term.play(out.str());
    const auto lines = term.lines();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] ==
          "  \xc3\xb1"
          "and\xc3\xba-\xc3\xb1"
          "and\xc3\xba-");
    CHECK(lines[1] == "  b  start  0.0 s");
}
