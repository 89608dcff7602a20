#include <zlib.h>

#include <memory>
#include <string>

#include "reportgen/error.hpp"
#include "reportgen/sinks.hpp"

namespace reportgen {

namespace {
// Compressed output is handed to the inner sink in blocks of this size.
constexpr std::size_t kOutBuffer = 256u << 10;

std::string zlib_message(const z_stream& s, int rc) {
    std::string m = "gzip: deflate failed (zlib error " + std::to_string(rc);
    if (s.msg != nullptr) m.append(": ").append(s.msg);
    m.append(")");
    return m;
}
}  // namespace

// The z_stream, its output buffer and the counts. deflateEnd runs in the
// destructor, so a sink abandoned mid-stream (an exception upstream) frees
// zlib's state.
struct GzipByteSink::Impl {
    ByteSink& inner;
    uint64_t in = 0;
    uint64_t out_bytes = 0;
    z_stream zs{};
    bool live = false;  // deflateInit2 succeeded and deflateEnd not yet called
    bool closed = false;
    std::unique_ptr<unsigned char[]> out =
        std::make_unique_for_overwrite<unsigned char[]>(kOutBuffer);

    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    Impl(ByteSink& inner_sink, int level) : inner(inner_sink) {
        // 15 + 16: largest window, gzip header and trailer instead of zlib's.
        const int rc = deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
        if (rc == Z_STREAM_ERROR) {
            throw usage_error("gzip: invalid compression level " + std::to_string(level) +
                              " (expected -1..9)");
        }
        if (rc != Z_OK) throw io_error(zlib_message(zs, rc));
        live = true;
        reset_out();
    }
    ~Impl() {
        if (live) deflateEnd(&zs);
    }
    void reset_out() noexcept {
        zs.next_out = out.get();
        zs.avail_out = static_cast<uInt>(kOutBuffer);
    }
    std::size_t pending() const noexcept { return kOutBuffer - zs.avail_out; }
};

GzipByteSink::GzipByteSink(ByteSink& inner, int level)
    : impl_(std::make_unique<Impl>(inner, level)) {}

GzipByteSink::~GzipByteSink() = default;

uint64_t GzipByteSink::bytes_in() const {
    return impl_->in;
}

uint64_t GzipByteSink::bytes_out() const {
    return impl_->out_bytes;
}

void GzipByteSink::write(std::string_view bytes) {
    Impl& s = *impl_;
    if (s.closed) throw io_error("gzip: write after close");
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    // avail_in is a uInt: feed very large inputs in slices.
    constexpr std::size_t kSlice = 1u << 30;
    while (left > 0) {
        const std::size_t n = left < kSlice ? left : kSlice;
        // zlib's API is not const-correct; it does not modify the input.
        s.zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(p));
        s.zs.avail_in = static_cast<uInt>(n);
        while (s.zs.avail_in > 0) {
            const int rc = deflate(&s.zs, Z_NO_FLUSH);
            if (rc != Z_OK && rc != Z_BUF_ERROR) throw io_error(zlib_message(s.zs, rc));
            if (s.zs.avail_out == 0) {
                s.inner.write({reinterpret_cast<const char*>(s.out.get()), s.pending()});
                s.out_bytes += s.pending();
                s.reset_out();
            }
        }
        s.in += n;
        p += n;
        left -= n;
    }
}

void GzipByteSink::close() {
    Impl& s = *impl_;
    if (s.closed) return;
    s.zs.next_in = nullptr;
    s.zs.avail_in = 0;
    for (;;) {
        const int rc = deflate(&s.zs, Z_FINISH);
        // Z_BUF_ERROR only means "no room to progress", which a full output
        // buffer explains; with room left it would loop forever.
        if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && s.zs.avail_out == 0)) {
            throw io_error(zlib_message(s.zs, rc));
        }
        if (s.pending() > 0 && (s.zs.avail_out == 0 || rc == Z_STREAM_END)) {
            s.inner.write({reinterpret_cast<const char*>(s.out.get()), s.pending()});
            s.out_bytes += s.pending();
            s.reset_out();
        }
        if (rc == Z_STREAM_END) break;
    }
    s.closed = true;
    deflateEnd(&s.zs);
    s.live = false;
    s.inner.close();
}

}  // namespace reportgen
