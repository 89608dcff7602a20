#pragma once
// The turbo engine's account of page-body bytes (ClientConfig::
// max_bytes_in_flight): bytes are counted as they arrive (decoded bytes of a
// compressed body), from a transfer's first byte until the decoder is done
// with the body. The size of a page is not known in advance (page 1 may be
// small and page 2 a giant, a gzip body says nothing of its size), so a
// bound judged from pages already seen cannot hold; counting arrivals can.
//
// The bodies share half the cap. Past that, one body at a time, the lead,
// goes on alone to its end (a page larger than the whole cap must still
// complete; max_response_bytes bounds it); every other transfer is refused
// its next bytes, stopped, and asked for again once the lead is released.
// So the bytes held stay within the cap when a page is at most half of it,
// and within half the cap plus one page otherwise. The lead keeps its right
// until its bytes are released, so the account never deadlocks: the lead
// always finishes (or fails) and frees what it held.
#include <algorithm>
#include <cstdint>
#include <mutex>

#include "api/transport.hpp"

namespace reportgen::detail {

class ByteAccount final : public BodyAllowance {
  public:
    explicit ByteAccount(std::size_t cap) : share_(cap / 2) {}

    bool reserve(uint64_t holder, std::size_t n) noexcept override {
        std::lock_guard lock(mu_);
        if (holder != lead_ && held_ + n > share_) {
            if (lead_ != 0) return false;
            lead_ = holder;  // the first body to pass the share goes on alone
        }
        held_ += n;
        return true;
    }

    // `holder`'s bytes are gone (body decoded, attempt failed or stopped);
    // a lead passes its right on. True when `holder` was the lead (the
    // transfers held back for it may start).
    bool release(uint64_t holder, std::size_t n) noexcept {
        std::lock_guard lock(mu_);
        held_ -= std::min(held_, n);
        if (holder != lead_) return false;
        lead_ = 0;
        return true;
    }

    std::size_t held() const noexcept {
        std::lock_guard lock(mu_);
        return held_;
    }
    // A body goes on alone past the cap: a transfer started now would only
    // be stopped.
    bool has_lead() const noexcept {
        std::lock_guard lock(mu_);
        return lead_ != 0;
    }

  private:
    const std::size_t share_;  // half the cap
    mutable std::mutex mu_;
    std::size_t held_ = 0;
    uint64_t lead_ = 0;  // 0: none (holder ids start at 1)
};

}  // namespace reportgen::detail
