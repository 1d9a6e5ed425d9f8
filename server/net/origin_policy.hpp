// origin_policy: decides whether a WebSocket upgrade's Origin may connect. A foreign web page must
// not be able to open a chat socket in a visitor's browser (cross-site WebSocket hijacking).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tillit::net {

class origin_policy {
public:
    // An empty list allows only the same origin as the request's Host: with `https_only` (TLS in
    // the server) only https://HOST, else http:// or https:// (behind a TLS proxy the server
    // cannot tell which scheme the browser used).
    explicit origin_policy(std::vector<std::string> allowed_origins, bool https_only = false);

    // `origin` is the Origin header (empty when absent: not a browser, so no hijacking risk);
    // `host` is the Host header. Thread-safe.
    [[nodiscard]] bool allows(std::string_view origin, std::string_view host) const;

private:
    std::vector<std::string> allowed_;
    bool https_only_;
};

} // namespace tillit::net
