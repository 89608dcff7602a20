#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"
#include "support/files.hpp"

using namespace reportgen;
using reportgen::test::gunzip;

namespace {

class RecordingSink final : public ByteSink {
  public:
    void write(std::string_view b) override {
        ++writes;
        data.append(b);
    }
    void close() override { ++closes; }
    uint64_t bytes_in() const override { return data.size(); }
    std::string data;
    int writes = 0;
    int closes = 0;
};

// Writes the same pseudo-random rows to a CSV sink over `out`.
void write_rows(ByteSink& out, int rows, uint32_t seed) {
    std::mt19937 rng(seed);
    CsvSink csv(out);
    csv.begin(std::vector<std::string_view>{"Empleado", "Nº ID", "Fecha", "Entrada", "Tiempo"});
    std::string name;
    for (int i = 0; i < rows; ++i) {
        // Random names keep the data from compressing to almost nothing, so the
        // compressed side crosses the output buffer many times too.
        name.clear();
        const int len = 5 + static_cast<int>(rng() % 20);
        for (int k = 0; k < len; ++k)
            name.push_back(static_cast<char>('a' + rng() % 26));
        const std::string id = std::to_string(rng());
        const Cell cells[] = {Cell::str(name), Cell::str(id), Cell::date(19000 + i / 500),
                              Cell::time(static_cast<int64_t>(rng() % 86400)),
                              Cell::duration(static_cast<int64_t>(rng() % 40000))};
        csv.row({cells, false});
    }
    csv.finish();
}

}  // namespace

TEST_CASE("GzipByteSink output inflates to the plain CSV bytes", "[gzip]") {
    StringByteSink plain;
    write_rows(plain, 500, 42);

    RecordingSink inner;
    GzipByteSink gz(inner);
    write_rows(gz, 500, 42);  // CsvSink::finish closes gz, which closes inner

    CHECK(inner.closes == 1);
    CHECK(gunzip(inner.data) == plain.str());
    CHECK(gz.bytes_in() == plain.str().size());
    CHECK(gz.bytes_out() == inner.data.size());
    CHECK(gz.bytes_out() < gz.bytes_in());
    // gzip magic: the wrapper, not raw zlib.
    REQUIRE(inner.data.size() > 2);
    CHECK(static_cast<unsigned char>(inner.data[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(inner.data[1]) == 0x8b);
}

TEST_CASE("GzipByteSink streams many megabytes in many chunks", "[gzip]") {
    StringByteSink plain;
    write_rows(plain, 200000, 7);
    REQUIRE(plain.str().size() > 8u << 20);

    RecordingSink inner;
    GzipByteSink gz(inner, 1);
    write_rows(gz, 200000, 7);
    CHECK(inner.writes > 4);  // compressed output leaves in 256 KiB blocks
    CHECK(gz.bytes_in() == plain.str().size());
    CHECK(gz.bytes_out() == inner.data.size());
    CHECK(gunzip(inner.data) == plain.str());
}

TEST_CASE("GzipByteSink levels and edge cases", "[gzip]") {
    SECTION("every valid level round-trips") {
        const std::string text(100000, 'z');
        for (int level = -1; level <= 9; ++level) {
            INFO("level " << level);
            StringByteSink inner;
            GzipByteSink gz(inner, level);
            gz.write(text);
            gz.write("");
            gz.write("tail");
            gz.close();
            CHECK(gunzip(inner.str()) == text + "tail");
        }
    }
    SECTION("an empty stream is a valid gzip file") {
        StringByteSink inner;
        GzipByteSink gz(inner);
        gz.close();
        CHECK(!inner.str().empty());
        CHECK(gunzip(inner.str()).empty());
        CHECK(gz.bytes_in() == 0);
    }
    SECTION("an invalid level is a usage error") {
        StringByteSink inner;
        try {
            GzipByteSink gz(inner, 42);
            FAIL("no error for level 42");
        } catch (const Error& e) {
            CHECK(e.kind() == ErrorKind::usage);
        }
    }
    SECTION("close is idempotent, write after close is an error") {
        RecordingSink inner;
        GzipByteSink gz(inner);
        gz.write("abc");
        gz.close();
        gz.close();
        CHECK(inner.closes == 1);
        CHECK_THROWS_AS(gz.write("x"), Error);
        CHECK(gunzip(inner.data) == "abc");
    }
    SECTION("abandoned without close, nothing is finished or closed") {
        RecordingSink inner;
        {
            GzipByteSink gz(inner);
            gz.write("some data");
        }
        CHECK(inner.closes == 0);
        CHECK_THROWS(gunzip(inner.data));  // no complete stream was produced
    }
}

TEST_CASE("GzipByteSink reports a failing inner sink as an io error", "[gzip]") {
    FileByteSink file("/dev/full");
    GzipByteSink gz(file);
    gz.write(std::string(1000, 'a'));
    try {
        gz.close();
        FAIL("close() did not throw");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::io);
        CHECK_THAT(e.what(), Catch::Contains("/dev/full"));
    }
}
