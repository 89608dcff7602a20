#include <curl/curl.h>

#include "api/transport.hpp"
#include "reportgen/error.hpp"

namespace reportgen::detail {
namespace {

// Owns libcurl's global state. A function-local static is initialised once,
// thread-safely, on first use; because it is constructed before the first
// handle, it is destroyed after every static object that holds handles.
class CurlGlobal {
  public:
    CurlGlobal() : rc_(curl_global_init(CURL_GLOBAL_DEFAULT)) {}
    ~CurlGlobal() {
        if (rc_ == CURLE_OK) curl_global_cleanup();
    }
    CurlGlobal(const CurlGlobal&) = delete;
    CurlGlobal& operator=(const CurlGlobal&) = delete;
    CURLcode rc() const noexcept { return rc_; }

  private:
    CURLcode rc_;
};

}  // namespace

void ensure_curl_global() {
    static const CurlGlobal global;
    if (global.rc() != CURLE_OK)
        throw api_error(std::string("libcurl initialisation failed: ") +
                        curl_easy_strerror(global.rc()));
}

}  // namespace reportgen::detail
