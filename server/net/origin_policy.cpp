// origin_policy: the allowlist, or same origin by default.
#include "net/origin_policy.hpp"

#include <algorithm>
#include <cctype>

namespace tillit::net {

namespace {

bool equal_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

} // namespace

origin_policy::origin_policy(std::vector<std::string> allowed_origins, bool https_only)
    : allowed_(std::move(allowed_origins)), https_only_(https_only)
{
}

bool origin_policy::allows(std::string_view origin, std::string_view host) const
{
    if (origin.empty()) return true;
    if (!allowed_.empty())
        return std::any_of(allowed_.begin(), allowed_.end(), [&](const std::string& a) { return equal_ignoring_case(a, origin); });
    // Same origin: the Origin's authority is the Host the browser connected to.
    for (const std::string_view scheme : {"http://", "https://"}) {
        if (https_only_ && scheme == "http://") continue;
        if (origin.size() > scheme.size() && equal_ignoring_case(origin.substr(0, scheme.size()), scheme))
            return !host.empty() && equal_ignoring_case(origin.substr(scheme.size()), host);
    }
    return false;
}

} // namespace tillit::net
