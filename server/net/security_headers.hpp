// security_headers: the headers every HTTP response carries (CSP, no referrer, no sniffing, no
// framing, no caching). The help-seeker must leave no trace on a shared device, so nothing the
// server sends may be cached.
#pragma once

#include <boost/beast/http/fields.hpp>

namespace tillit::net {

// Sets the headers on any response (pages, files, errors alike).
void add_security_headers(boost::beast::http::fields& headers);

} // namespace tillit::net
