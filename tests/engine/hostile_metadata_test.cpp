// A hostile server's metadata: answers far larger than any real one (a
// gzip bomb that inflates to 256 MiB, a 256 MiB whitespace-padded body) stop
// at ClientConfig::max_metadata_bytes with a data error naming the
// endpoint, and memory stays bounded (peak RSS of this test process, which
// ctest runs on its own).
#include <catch2/catch.hpp>
#include <sys/resource.h>

#include <atomic>
#include <cstdio>
#include <string>
#include <vector>

#include "reportgen/generator.hpp"
#include "support/capture_sink.hpp"
#include "support/expect.hpp"
#include "support/gzip_bomb.hpp"
#include "support/loopback_server.hpp"

using namespace reportgen;
using reportgen::test::LoopbackServer;

namespace {

constexpr const char* kToken = "hostile-metadata-token";
constexpr const char* kEmpty = test::kEmptyListPage;

// A gzip stream of `n` spaces followed by a valid empty list page: valid
// JSON once inflated, ~1000x smaller on the wire.
std::string gzip_bomb(std::size_t n) {
    return test::GzipBombs(n).with_tail(kEmpty);
}

long peak_rss_mib() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;  // KiB on Linux
}

// check-types answers `body` (with `encoding`), or when `padding` > 0 that
// many spaces streamed in chunks, then an empty list (the server holds no
// big body, so the peak RSS measured is the client's); the rest is empty.
class BombApi {
  public:
    BombApi(std::string body, std::string encoding, std::size_t padding = 0)
        : body_(std::move(body)) {
        srv.server.Get("/schedule/v1/check-types", [this, encoding, padding](
                                                        const httplib::Request&,
                                                        httplib::Response& res) {
            if (padding == 0) {
                if (!encoding.empty()) res.set_header("Content-Encoding", encoding);
                res.set_content(body_, "application/json");
                return;
            }
            const std::string tail = kEmpty;
            res.set_content_provider(
                padding + tail.size(), "application/json",
                [padding, tail](std::size_t offset, std::size_t length, httplib::DataSink& out) {
                    static const std::string spaces(1 << 16, ' ');
                    if (offset < padding) {
                        const std::size_t n = std::min({length, padding - offset, spaces.size()});
                        return out.write(spaces.data(), n);
                    }
                    return out.write(tail.data() + (offset - padding), tail.size() - (offset - padding));
                });
        });
        for (const char* p : {"/schedule/v1/work-breaks", "/schedule/v1/check-type-collections",
                              "/schedule/v1/work-entries"})
            srv.server.Get(p, [](const httplib::Request&, httplib::Response& res) {
                res.set_content(kEmpty, "application/json");
            });
        srv.server.Get("/core/v3/info", [](const httplib::Request&, httplib::Response& res) {
            res.set_content(R"({"data":{"company":{"id":"c","name":"Bomb"}},"meta":{}})",
                            "application/json");
        });
        srv.start();
    }
    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.timeout_s = 20;
        c.max_metadata_bytes = 4u << 20;
        return c;
    }
  private:
    std::string body_;

  public:
    LoopbackServer srv;  // last: stopped before the state its handlers read goes
};

void expect_refused(const BombApi& api) {
    ReportGenerator gen(api.config());
    ReportRequest r;
    r.from = {2024, 5, 2};
    r.to = {2024, 5, 2};
    r.format = Format::csv;
    test::CaptureSink sink;
    const Error e = test::expect_error([&] { gen.generate(r, sink); });
    CHECK(e.kind() == ErrorKind::data);
    CHECK_THAT(e.what(), Catch::Contains("check-types"));
}

}  // namespace

// The growth of this process's peak RSS while the report runs: with the
// 4 MiB cap a few times that (sanitizers' shadow memory included); without
// it, at least the 256 MiB the server sends.
constexpr long kMaxGrowthMib = 96;

TEST_CASE("hostile metadata: a gzip bomb stops at max_metadata_bytes", "[generator][hostile]") {
    const std::string bomb = gzip_bomb(256u << 20);
    REQUIRE(bomb.size() < (1u << 20));  // small on the wire
    BombApi api(bomb, "gzip");
    const long before = peak_rss_mib();
    expect_refused(api);
    CHECK(peak_rss_mib() - before < kMaxGrowthMib);
}

TEST_CASE("hostile metadata: a whitespace-padded giant body stops at max_metadata_bytes",
          "[generator][hostile]") {
    BombApi api("", "", 256u << 20);
    const long before = peak_rss_mib();
    expect_refused(api);
    CHECK(peak_rss_mib() - before < kMaxGrowthMib);
}

namespace {

// One collections page listing `n` collections ("c0000" ... by name);
// collection k holds check type "ct-k" when k < `holding`, else none. Three
// check types: ct-0, ct-1 and ct-2 (or ct-x, in no collection, when
// `orphan`). Counts every request.
class ManyCollectionsApi {
  public:
    ManyCollectionsApi(int n, int holding, bool orphan) {
        srv.server.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
            ++requests;
            return httplib::Server::HandlerResponse::Unhandled;
        });
        std::string list = R"({"data":[)";
        for (int k = n - 1; k >= 0; --k) {  // listed in reverse: the loader sorts by name
            char name[16];
            std::snprintf(name, sizeof name, "c%04d", k);
            list += std::string(k == n - 1 ? "" : ",") + R"({"id":"id-)" + std::to_string(k) +
                    R"(","name":")" + name + R"("})";
        }
        list += R"(],"meta":{"currentPage":1,"lastPage":1,"total":)" + std::to_string(n) +
                R"(,"perPage":)" + std::to_string(n) + "}}";
        srv.server.Get("/schedule/v1/check-type-collections",
                       [list](const httplib::Request&, httplib::Response& res) {
                           res.set_content(list, "application/json");
                       });
        srv.server.Get(R"(/schedule/v1/check-type-collections/id-(\d+))",
                       [holding](const httplib::Request& req, httplib::Response& res) {
                           const int k = std::stoi(req.matches[1].str());
                           const std::string cts =
                               k < holding ? R"({"id":"ct-)" + std::to_string(k) + R"("})" : "";
                           res.set_content(R"({"data":[{"checkTypes":[)" + cts + "]}]}",
                                           "application/json");
                       });
        // Appended piece by piece: GCC 12 warns falsely (-Warray-bounds) on
        // the operator+ chain under -fsanitize=thread.
        std::string types = R"({"data":[{"id":"ct-0","name":"A"},{"id":"ct-1","name":"B"},)";
        types.append(orphan ? R"({"id":"ct-x","name":"X"})" : R"({"id":"ct-2","name":"C"})");
        types.append(R"(],"meta":{"currentPage":1,"lastPage":1,"total":3,"perPage":100}})");
        srv.server.Get("/schedule/v1/check-types",
                       [types](const httplib::Request&, httplib::Response& res) {
                           res.set_content(types, "application/json");
                       });
        srv.server.Get("/schedule/v1/work-breaks", [](const httplib::Request&,
                                                      httplib::Response& res) {
            res.set_content(kEmpty, "application/json");
        });
        srv.start();
    }
    ClientConfig config() const {
        ClientConfig c;
        c.base_url = srv.base_url();
        c.token = kToken;
        c.timeout_s = 20;
        return c;
    }
    std::atomic<int> requests{0};
    LoopbackServer srv;  // last: stopped before the state its handlers use goes
};

const Collection* find_collection(const ReferenceData& ref, const std::string& id) {
    for (const Collection& c : ref.collections)
        if (c.id == id) return &c;
    return nullptr;
}

}  // namespace

TEST_CASE("hostile metadata: 2,000 collections cost a bounded number of detail requests",
          "[generator][hostile]") {
    SECTION("details read by name until every check type has its group") {
        ManyCollectionsApi api(2000, 3, false);
        ReportGenerator gen(api.config());
        const ReferenceData ref = gen.reference_data();
        // 3 lists and one batch of details (8 at a time): c0000..c0002 hold
        // the three check types.
        CHECK(api.requests.load() == 3 + 8);
        REQUIRE(find_collection(ref, "id-2"));
        CHECK(find_collection(ref, "id-2")->check_type_ids == std::vector<std::string>{"ct-2"});
        CHECK(ref.collections.size() == 2000);
    }
    SECTION("a check type in no collection: 64 details at most") {
        ManyCollectionsApi api(2000, 3, true);
        ReportGenerator gen(api.config());
        const ReferenceData ref = gen.reference_data();
        CHECK(api.requests.load() == 3 + 64);
        CHECK(find_collection(ref, "id-1")->check_type_ids == std::vector<std::string>{"ct-1"});
    }
}
