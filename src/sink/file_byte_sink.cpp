#include <cerrno>
#include <cstdio>
#include <memory>
#include <string>

#if __has_include(<stdio_ext.h>)
#include <stdio_ext.h>
#define REPORTGEN_HAVE_FPURGE 1
#endif

#include "reportgen/sinks.hpp"
#include "sink/io_util.hpp"

namespace reportgen {

namespace {
// Big enough that the sinks above (which hand over 64 KiB+ chunks) cause few
// write(2) calls; glibc ignores the size argument of setvbuf unless we give
// it the buffer, so we own it.
constexpr std::size_t kFileBuffer = 1u << 20;
}  // namespace

struct FileByteSink::Impl {
    std::unique_ptr<char[]> buffer;  // stdio buffer (setvbuf); outlives file
    std::FILE* file = nullptr;
    bool owned = true;
    std::string name;
    uint64_t bytes = 0;
};

FileByteSink::FileByteSink(const std::string& path, std::string name)
    : impl_(std::make_unique<Impl>()) {
    Impl& s = *impl_;
    s.buffer = std::make_unique_for_overwrite<char[]>(kFileBuffer);
    s.name = name.empty() ? path : std::move(name);
    // The buffer is allocated first: nothing can throw once the FILE* exists.
    errno = 0;
    s.file = std::fopen(path.c_str(), "wb");
    if (s.file == nullptr) throw detail::io_failure("cannot open", s.name, errno);
    if (std::setvbuf(s.file, s.buffer.get(), _IOFBF, kFileBuffer) != 0) {
        // Not fatal for correctness, but the stream must not keep a pointer to
        // a buffer it does not use; fall back to stdio's own buffer.
        s.buffer.reset();
    }
}

FileByteSink::FileByteSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<FileByteSink> FileByteSink::stdout_sink() {
    auto impl = std::make_unique<Impl>();
    impl->file = stdout;
    impl->owned = false;
    impl->name = "<stdout>";
    // Private constructor: make_unique cannot reach it; ownership is taken at once.
    return std::unique_ptr<FileByteSink>(new FileByteSink(std::move(impl)));
}

uint64_t FileByteSink::bytes_in() const {
    return impl_->bytes;
}

FileByteSink::~FileByteSink() {
    if (!impl_ || impl_->file == nullptr || !impl_->owned) return;
    std::FILE* f = impl_->file;
#ifdef REPORTGEN_HAVE_FPURGE
    // Abandoned output: drop what is still buffered instead of flushing a
    // truncated tail into the file (AtomicFile removes it anyway).
    __fpurge(f);
#endif
    std::fclose(f);  // errors ignored: nobody will read this output
}

void FileByteSink::write(std::string_view bytes) {
    Impl& s = *impl_;
    if (s.file == nullptr) throw io_error("write to '" + s.name + "' after close");
    if (bytes.empty()) return;
    errno = 0;
    if (std::fwrite(bytes.data(), 1, bytes.size(), s.file) != bytes.size()) {
        throw detail::io_failure("cannot write to", s.name, errno);
    }
    s.bytes += bytes.size();
}

void FileByteSink::close() {
    Impl& s = *impl_;
    if (s.file == nullptr) return;  // already closed: idempotent
    std::FILE* f = s.file;
    if (!s.owned) {
        s.file = nullptr;
        errno = 0;
        if (std::fflush(f) != 0 || std::ferror(f)) {
            throw detail::io_failure("cannot write to", s.name, errno);
        }
        return;
    }
    // fclose releases the stream even when it fails, so the handle is gone
    // from here on whatever happens.
    s.file = nullptr;
    errno = 0;
    const bool flushed = std::fflush(f) == 0 && !std::ferror(f);
    const int flush_errno = errno;
    errno = 0;
    const bool closed = std::fclose(f) == 0;
    const int close_errno = errno;
    s.buffer.reset();
    if (!flushed) throw detail::io_failure("cannot write to", s.name, flush_errno);
    if (!closed) throw detail::io_failure("cannot close", s.name, close_errno);
}

}  // namespace reportgen
