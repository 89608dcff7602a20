#pragma once
// gzip streams of many spaces followed by a short tail (valid JSON once
// inflated when the tail is), ~1000x smaller on the wire than inflated: the
// gzip bombs of the hostile-server tests. The spaces are compressed once;
// each tail is added to a copy of that state (deflateCopy), so many bodies
// of the same padding cost one compression.
#include <zlib.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

namespace reportgen::test {

class GzipBombs {
  public:
    explicit GzipBombs(std::size_t padding) {
        if (deflateInit2(&z_, 9, Z_DEFLATED, 15 + 16, 9, Z_RLE) != Z_OK)
            throw std::runtime_error("deflateInit2 failed");
        const std::string spaces(1 << 20, ' ');
        for (std::size_t done = 0; done < padding; done += spaces.size())
            pump(z_, head_, spaces.data(), std::min(spaces.size(), padding - done), Z_NO_FLUSH);
    }
    ~GzipBombs() { deflateEnd(&z_); }
    GzipBombs(const GzipBombs&) = delete;
    GzipBombs& operator=(const GzipBombs&) = delete;

    // The padding, then `tail`, as one gzip stream.
    std::string with_tail(std::string_view tail) {
        z_stream copy{};
        if (deflateCopy(&copy, &z_) != Z_OK) throw std::runtime_error("deflateCopy failed");
        std::string out = head_;
        pump(copy, out, tail.data(), tail.size(), Z_FINISH);
        deflateEnd(&copy);
        return out;
    }

  private:
    static void pump(z_stream& z, std::string& out, const char* in, std::size_t len, int flush) {
        char buf[1 << 16];
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in));
        z.avail_in = static_cast<uInt>(len);
        do {
            z.next_out = reinterpret_cast<Bytef*>(buf);
            z.avail_out = sizeof buf;
            const int rc = deflate(&z, flush);
            if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
                throw std::runtime_error("deflate failed");
            out.append(buf, sizeof buf - z.avail_out);
        } while (z.avail_out == 0);
    }

    z_stream z_{};
    std::string head_;  // what the spaces compressed to so far
};

}  // namespace reportgen::test
