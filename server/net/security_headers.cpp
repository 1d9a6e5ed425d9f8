// security_headers: one policy for all responses, with WebAssembly allowed only where libsodium runs.
#include "net/security_headers.hpp"

namespace tillit::net {

namespace http = boost::beast::http;

namespace {

#define TILLIT_CSP_COMMON                                                                                              \
    "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "              \
    "manifest-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

constexpr std::string_view csp_with_wasm = "script-src 'self' 'wasm-unsafe-eval'; " TILLIT_CSP_COMMON;
constexpr std::string_view csp_without_wasm = "script-src 'self'; " TILLIT_CSP_COMMON;

#undef TILLIT_CSP_COMMON

} // namespace

std::string_view content_security_policy(std::string_view path)
{
    // The supervisor dashboard shows counts only and needs no crypto.
    return path.starts_with("/supervisor") ? csp_without_wasm : csp_with_wasm;
}

void add_security_headers(http::fields& headers, std::string_view path)
{
    headers.set("Content-Security-Policy", content_security_policy(path));
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set(http::field::cache_control, "no-store");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
    headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
}

} // namespace tillit::net
