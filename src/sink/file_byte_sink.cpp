#include <cerrno>
#include <cstdio>

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

FileByteSink::FileByteSink(const std::string& path, std::string name)
    : buffer_(std::make_unique_for_overwrite<char[]>(kFileBuffer)),
      name_(name.empty() ? path : std::move(name)) {
    // The buffer is allocated first: nothing can throw once the FILE* exists.
    errno = 0;
    file_ = std::fopen(path.c_str(), "wb");
    if (file_ == nullptr) throw detail::io_failure("cannot open", name_, errno);
    if (std::setvbuf(file_, buffer_.get(), _IOFBF, kFileBuffer) != 0) {
        // Not fatal for correctness, but the stream must not keep a pointer to
        // a buffer it does not use; fall back to stdio's own buffer.
        buffer_.reset();
    }
}

FileByteSink::FileByteSink(std::FILE* f, bool owned, std::string name)
    : file_(f), owned_(owned), name_(std::move(name)) {}

std::unique_ptr<FileByteSink> FileByteSink::stdout_sink() {
    // Private constructor: make_unique cannot reach it; ownership is taken at once.
    return std::unique_ptr<FileByteSink>(new FileByteSink(stdout, false, "<stdout>"));
}

FileByteSink::~FileByteSink() {
    if (file_ == nullptr || !owned_) return;
#ifdef REPORTGEN_HAVE_FPURGE
    // Abandoned output: drop what is still buffered instead of flushing a
    // truncated tail into the file (AtomicFile removes it anyway).
    __fpurge(file_);
#endif
    std::fclose(file_);  // errors ignored: nobody will read this output
}

void FileByteSink::write(std::string_view bytes) {
    if (file_ == nullptr) throw io_error("write to '" + name_ + "' after close");
    if (bytes.empty()) return;
    errno = 0;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
        throw detail::io_failure("cannot write to", name_, errno);
    }
    bytes_ += bytes.size();
}

void FileByteSink::close() {
    if (file_ == nullptr) return;  // already closed: idempotent
    std::FILE* f = file_;
    if (!owned_) {
        file_ = nullptr;
        errno = 0;
        if (std::fflush(f) != 0 || std::ferror(f)) {
            throw detail::io_failure("cannot write to", name_, errno);
        }
        return;
    }
    // fclose releases the stream even when it fails, so the handle is gone
    // from here on whatever happens.
    file_ = nullptr;
    errno = 0;
    const bool flushed = std::fflush(f) == 0 && !std::ferror(f);
    const int flush_errno = errno;
    errno = 0;
    const bool closed = std::fclose(f) == 0;
    const int close_errno = errno;
    buffer_.reset();
    if (!flushed) throw detail::io_failure("cannot write to", name_, flush_errno);
    if (!closed) throw detail::io_failure("cannot close", name_, close_errno);
}

}  // namespace reportgen
