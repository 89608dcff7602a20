#include <algorithm>
#include <cmath>
#include <string>

#include "api/request_budget.hpp"
#include "api/transport.hpp"
#include "reportgen/error.hpp"

namespace reportgen::detail {
namespace {

RequestBudget::Clock::duration to_duration(double s) {
    return std::chrono::duration_cast<RequestBudget::Clock::duration>(
        std::chrono::duration<double>(std::max(0.0, s)));
}

double to_seconds(RequestBudget::Clock::duration d) {
    return std::chrono::duration<double>(d).count();
}

std::string whole_seconds(double s) {
    return std::to_string(static_cast<long long>(std::llround(s)));
}

}  // namespace

RequestBudget::Settings RequestBudget::settings_from(const ClientConfig& cfg) {
    Settings s;
    s.limit = std::max(0, cfg.rate_limit_per_minute);
    // The server counts a request when it reads it, the client when it sends
    // it: a request sent the instant a slot frees can meet, at the server,
    // the one whose slot it took still inside the server's window (a 429).
    // A window a little longer than the server's (2 % + 50 ms) keeps them
    // apart (BENCHMARKS.md, budget scenario).
    s.window = to_duration(cfg.rate_window_s * 1.02 + 0.05);
    s.max_wait_s = std::max(0.0, cfg.max_wait_s);
    s.first_pause_s = std::max(0.0, cfg.rate_pause_s);
    return s;
}

RequestBudget::RequestBudget(const ClientConfig& cfg, std::shared_ptr<CompanyWindow> window)
    : RequestBudget(
          settings_from(cfg), [] { return Clock::now(); }, std::move(window)) {}

RequestBudget::RequestBudget(Settings s, ClockFn now, std::shared_ptr<CompanyWindow> window)
    : s_(s),
      now_(std::move(now)),
      w_(window ? std::move(window) : std::make_shared<CompanyWindow>()) {}

std::optional<RequestBudget::TimePoint> RequestBudget::try_acquire() {
    CompanyWindow& w = *w_;
    std::lock_guard lock(w.mu_);
    const TimePoint now = now_();
    if (now < w.paused_until_) return w.paused_until_;
    if (s_.limit <= 0) return std::nullopt;
    while (!w.starts_.empty() && w.starts_.front() + s_.window <= now)
        w.starts_.pop_front();
    if (w.starts_.size() >= static_cast<std::size_t>(s_.limit))
        return w.starts_.front() + s_.window;
    w.starts_.push_back(now);
    return std::nullopt;
}

double RequestBudget::acquire(const CancelToken* cancel) {
    std::optional<TimePoint> waiting_since;
    while (const auto next = try_acquire()) {
        if (!waiting_since) waiting_since = now_();
        // Slices: a pause that another thread extends, or a cancel, is seen
        // within 50 ms.
        sleep_cancellable(std::min(0.05, std::max(0.001, to_seconds(*next - now_()))), cancel);
    }
    return waiting_since ? to_seconds(now_() - *waiting_since) : 0.0;
}

double RequestBudget::min_pause_s() const {
    if (s_.limit <= 0) return kUnpacedMinPause;
    return to_seconds(s_.window) / s_.limit;
}

double RequestBudget::on_429(std::optional<double> retry_after_s, std::string_view where) {
    CompanyWindow& w = *w_;
    std::lock_guard lock(w.mu_);
    const TimePoint now = now_();
    const double running = now < w.paused_until_ ? to_seconds(w.paused_until_ - now) : 0.0;
    const double left = s_.max_wait_s - waited_429_s_;
    auto exhausted = [&](const std::string& why) {
        // The time really waited: a pause charged to this report that is
        // still running is not over.
        const double ahead = now < charged_until_ ? to_seconds(charged_until_ - now) : 0.0;
        return api_error(std::string(where) +
                         ": the API still answered 429 (request budget of the company "
                         "exhausted) after waiting " +
                             whole_seconds(std::max(0.0, waited_429_s_ - ahead)) + " s" + why +
                             "; other integrations of the company spend the same budget: lower "
                             "the rate limit or raise the maximum wait",
                         "ClientConfig::max_wait_s");
    };
    const bool told = retry_after_s && std::isfinite(*retry_after_s);
    double want = 0;  // seconds of pause from now
    if (told) {
        // "Retry-After: 0" (or a date in the past) still costs a pause of the
        // limiter's own spacing, counted: otherwise a server that always says
        // 0 is asked again at full speed, forever.
        want = std::max(*retry_after_s, min_pause_s());
    } else if (now < w.paused_until_) {
        // Answered during the pause of the same burst (requests that were
        // already in flight): the pause stands as it is, and neither grows
        // nor fails (turbo's window answers many such 429s at once).
        return running;
    } else {
        // Growing pauses end at max_wait soon enough; only a zero pause
        // (first_pause_s 0) takes the spacing.
        want = std::min(s_.max_pause_s, s_.first_pause_s * std::ldexp(1.0, w.bursts_));
        if (!(want > 0)) want = min_pause_s();
        w.bursts_ = std::min(w.bursts_ + 1, 30);
    }
    const TimePoint from = std::max(now, w.paused_until_);
    const TimePoint until = now + to_duration(want);
    if (until <= from) return running;  // within the pause already running: nothing more to wait
    // (A millisecond of slack: sums of pauses in floating point need not
    // reach max_wait_s exactly.)
    if (left < 1e-3) throw exhausted(" (max_wait_s " + whole_seconds(s_.max_wait_s) + ")");
    double extra = to_seconds(until - from);
    if (told && extra > left + 1e-3)
        throw exhausted(", and Retry-After asks for " + whole_seconds(*retry_after_s) +
                        " s more, past max_wait_s " + whole_seconds(s_.max_wait_s));
    extra = std::min(extra, left);
    waited_429_s_ += extra;
    w.paused_until_ = from + to_duration(extra);
    charged_until_ = w.paused_until_;
    return to_seconds(w.paused_until_ - now);
}

void RequestBudget::on_success(TimePoint started) {
    CompanyWindow& w = *w_;
    std::lock_guard lock(w.mu_);
    if (started >= w.paused_until_) w.bursts_ = 0;
}

double RequestBudget::waited_429_s() const {
    std::lock_guard lock(w_->mu_);
    return waited_429_s_;
}

}  // namespace reportgen::detail
