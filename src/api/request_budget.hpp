#pragma once
// Pacing of a report's requests to the company's budget (docs/API.md).
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>

#include "reportgen/cancel.hpp"
#include "reportgen/config.hpp"

namespace reportgen::detail {

// The company's request budget (docs/API.md: 1,000 requests a minute,
// shared by every token of the company). ONE instance paces every request of
// a report (metadata, page 1, both engines, the fallback): at most `limit`
// request starts in any `window` (sliding), so a report smaller than the
// budget runs at full speed and a larger one at the budget. A 429 pauses
// every request sharing it: for its Retry-After when given, else for a
// growing pause (first_pause, doubling, capped at 60 s); a 429 answered
// during a pause belongs to the same burst and neither grows nor extends it.
// A Retry-After pause lasts at least the limiter's own spacing (window /
// limit), one of 0 or in the past included, and counts so. Pauses this report started or
// extended count against its max_wait_s; the first 429 that would need a
// pause past it is an error, whichever engine (one request at a time or a
// window of them) met it, and the error states the time really waited.
// The window and the pause live in a CompanyWindow that several reports may
// share (a ReportGenerator's reports, one after another or at once, spend
// one company budget); the max_wait_s account is each report's own.
// Thread-safe; the clock is injectable so tests move time without sleeping.
class RequestBudget {
  public:
    using Clock = std::chrono::steady_clock;
    using TimePoint = Clock::time_point;
    using ClockFn = std::function<TimePoint()>;

    struct Settings {
        int limit = 900;  // request starts per window; 0: no pacing (429 pauses still apply)
        Clock::duration window = std::chrono::seconds(60);
        double max_wait_s = 600;   // 429 pauses, in total, before giving up
        double first_pause_s = 1;  // after a 429 without Retry-After; doubles per burst
        double max_pause_s = 60;
    };
    static Settings settings_from(const ClientConfig& cfg);

    // The state of one company's budget: request starts in the window and the
    // 429 pause. Opaque; share it through a shared_ptr.
    class CompanyWindow {
        friend class RequestBudget;
        std::mutex mu_;
        std::deque<TimePoint> starts_;  // request starts within the last window, oldest first
        TimePoint paused_until_{};
        int bursts_ = 0;  // 429 bursts without Retry-After since the last success
    };

    // A window of its own, or `window` shared with other reports.
    explicit RequestBudget(const ClientConfig& cfg,
                           std::shared_ptr<CompanyWindow> window = nullptr);
    explicit RequestBudget(
        Settings s, ClockFn now = [] { return Clock::now(); },
        std::shared_ptr<CompanyWindow> window = nullptr);

    // Takes a slot now and returns nullopt, or returns when to ask again
    // (the window is full or a 429 pause runs). Never blocks.
    std::optional<TimePoint> try_acquire();
    // Waits (in short slices, honouring `cancel`) until a slot is free and
    // takes it; returns the seconds waited.
    double acquire(const CancelToken* cancel);
    // A 429 for a request described by `where` ("work-entries page 3 (GET
    // ...)"). Starts or extends the pause and returns the seconds until it
    // ends; throws an api error naming the company's budget once max_wait_s
    // has been spent waiting, or when a Retry-After asks for more than is left.
    double on_429(std::optional<double> retry_after_s, std::string_view where);
    // A success of a request started at `started`: when it started after the
    // last pause, the 429s have stopped and the next pause starts small again.
    void on_success(TimePoint started);

    const Settings& settings() const noexcept { return s_; }
    // The shortest 429 pause: the spacing of request starts the limit allows
    // (window / limit), kUnpacedMinPause without pacing.
    double min_pause_s() const;
    static constexpr double kUnpacedMinPause = 0.1;
    double waited_429_s() const;  // 429 pauses so far, s
    TimePoint now() const { return now_(); }

  private:
    const Settings s_;
    const ClockFn now_;
    const std::shared_ptr<CompanyWindow> w_;
    double waited_429_s_ = 0;    // this report's; guarded by w_->mu_
    TimePoint charged_until_{};  // end of the last pause charged to it; idem
};

}  // namespace reportgen::detail
