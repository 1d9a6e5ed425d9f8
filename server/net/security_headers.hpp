// security_headers: the headers every HTTP response carries (CSP, no referrer, no sniffing, no
// framing, no caching). The help-seeker must leave no trace on a shared device, so nothing the
// server sends may be cached.
#pragma once

#include <string_view>

#include <boost/beast/http/fields.hpp>

namespace tillit::net {

// The Content-Security-Policy for a request path. Pages that run libsodium's WebAssembly (the
// help-seeker page and the counsellor console) get 'wasm-unsafe-eval'; nothing else does.
[[nodiscard]] std::string_view content_security_policy(std::string_view path);

void add_security_headers(boost::beast::http::fields& headers, std::string_view path);

} // namespace tillit::net
