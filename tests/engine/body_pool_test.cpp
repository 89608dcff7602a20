#include <catch2/catch.hpp>

#include <thread>
#include <vector>

#include "engine/body_pool.hpp"

using reportgen::detail::BodyPool;

TEST_CASE("body pool: keeps capacity, drops contents, bounded", "[engine][pool]") {
    BodyPool pool(2);
    CHECK(pool.take().capacity() < BodyPool::min_capacity);  // empty pool: a fresh string

    std::string a(100'000, 'a');
    const char* a_data = a.data();
    pool.give(std::move(a));
    CHECK(pool.kept() == 1);
    std::string back = pool.take();
    CHECK(back.empty());
    CHECK(back.capacity() >= 100'000);
    CHECK(back.data() == a_data);  // the same buffer, not a copy
    CHECK(pool.kept() == 0);

    pool.give(std::string(50'000, 'x'));
    pool.give(std::string(50'000, 'y'));
    pool.give(std::string(50'000, 'z'));  // over the bound: freed
    CHECK(pool.kept() == 2);

    pool.give(std::string("small"));  // a small-string buffer is not worth keeping
    pool.give(std::string(100, 's'));
    CHECK(pool.kept() == 2);
}

TEST_CASE("body pool: two threads trading buffers", "[engine][pool]") {
    BodyPool pool(8);
    auto trade = [&pool](char c) {
        for (int i = 0; i < 20'000; ++i) {
            std::string s = pool.take();
            s.assign(8192, c);
            pool.give(std::move(s));
        }
    };
    std::thread t1(trade, 'a'), t2(trade, 'b');
    t1.join();
    t2.join();
    CHECK(pool.kept() >= 1);
    CHECK(pool.kept() <= 8);
    CHECK(pool.take().empty());
}

TEST_CASE("body pool: bounded in bytes too, so a giant page's buffer is freed",
          "[engine][pool]") {
    BodyPool pool(8, 300'000);
    CHECK(pool.give(std::string(100'000, 'a')));
    CHECK(pool.give(std::string(100'000, 'b')));
    CHECK_FALSE(pool.give(std::string(200'000, 'c')));  // 400 KB kept would pass the bound
    CHECK(pool.kept() == 2);
    (void)pool.take();  // its bytes leave the account with it
    CHECK(pool.give(std::string(150'000, 'd')));
    CHECK(pool.kept() == 2);
}
