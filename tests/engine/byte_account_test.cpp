// The turbo engine's account of body bytes: within half the cap every
// transfer goes on; past it one (the lead) goes on alone and the others are
// refused until the lead's bytes are released.
#include <catch2/catch.hpp>

#include "engine/byte_account.hpp"

using reportgen::detail::ByteAccount;

TEST_CASE("byte account: past the cap one body goes on alone until released",
          "[engine][memory]") {
    ByteAccount a(2000);  // bodies share 1000 bytes
    CHECK(a.reserve(1, 400));
    CHECK(a.reserve(2, 500));
    CHECK(a.held() == 900);
    CHECK_FALSE(a.has_lead());
    CHECK(a.reserve(2, 200));  // past the share: holder 2 becomes the lead
    CHECK(a.has_lead());
    CHECK_FALSE(a.reserve(1, 1));  // everyone else waits
    CHECK_FALSE(a.reserve(3, 1));
    CHECK(a.reserve(2, 5000));  // the lead goes on, however large its body
    CHECK(a.held() == 5900 + 200);

    CHECK_FALSE(a.release(1, 400));  // not the lead: the lead stays
    CHECK(a.has_lead());
    CHECK_FALSE(a.reserve(3, 1));
    CHECK(a.release(2, 5700));  // the lead's body is decoded
    CHECK_FALSE(a.has_lead());
    CHECK(a.held() == 0);
    CHECK(a.reserve(3, 1000));  // within the share again
    CHECK(a.reserve(1, 1));     // past it: a new lead
    CHECK_FALSE(a.reserve(3, 1));
}
