// upgrade_check: the path, then the Origin.
#include "net/upgrade_check.hpp"

namespace tillit::net {

namespace http = boost::beast::http;

upgrade_verdict check_upgrade(const http::request<http::string_body>& request, const origin_policy& origins)
{
    if (request.target() != websocket_path) return upgrade_verdict::not_found;
    if (!origins.allows(request[http::field::origin], request[http::field::host])) return upgrade_verdict::foreign_origin;
    return upgrade_verdict::accept;
}

} // namespace tillit::net
