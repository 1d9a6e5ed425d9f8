// tls_context: the server's TLS settings in one place, for `tls-certificate` and `tls-key`: TLS 1.2
// and 1.3 only, ECDHE key exchange with AEAD ciphers (AES-GCM, ChaCha20-Poly1305), no TLS
// compression, no renegotiation, no session tickets.
#pragma once

#include <filesystem>
#include <memory>

#include <boost/asio/ssl/context.hpp>

namespace tillit::net {

// The TLS 1.2 cipher list (TLS 1.3's suites are all AEAD; those are set too, to the same three).
inline constexpr const char* tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
inline constexpr const char* tls13_suites = "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

// Loads the PEM certificate chain (leaf first) and its private key. Throws std::runtime_error
// naming the file and what is wrong (unreadable, not PEM, key does not match the certificate).
// Call once at start-up; the context is then only read, from any thread.
[[nodiscard]] std::unique_ptr<boost::asio::ssl::context> make_tls_context(const std::filesystem::path& certificate,
                                                                        const std::filesystem::path& key);

} // namespace tillit::net
