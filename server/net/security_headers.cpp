// security_headers: one policy for all responses.
#include "net/security_headers.hpp"

namespace tillit::net {

namespace http = boost::beast::http;

namespace {

// All three pages run libsodium's WebAssembly (the help-seeker's handshake, the staff login's
// Argon2id), hence 'wasm-unsafe-eval'; nothing else is loosened: no inline script, no eval, no
// other origin.
constexpr std::string_view content_security_policy =
    "script-src 'self' 'wasm-unsafe-eval'; default-src 'none'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

} // namespace

void add_security_headers(http::fields& headers)
{
    headers.set("Content-Security-Policy", content_security_policy);
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("X-Frame-Options", "DENY");
    headers.set(http::field::cache_control, "no-store");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
    headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
}

} // namespace tillit::net
