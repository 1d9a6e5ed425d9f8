// tls_client: TLS helpers for the tests of the server's own TLS and of nginx in front of it: a
// self-signed certificate made at test time, an HTTPS GET, and a bare handshake at one protocol
// version, all with a deadline.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <boost/system/error_code.hpp>

#include "support/http_client.hpp"

namespace tillit::test {

struct certificate_files {
    std::filesystem::path certificate;  // PEM, self-signed, for 127.0.0.1 and localhost
    std::filesystem::path key;          // PEM, P-256, mode 0600
};

// Makes a fresh key pair and a self-signed certificate (valid for a day) in `dir` with OpenSSL.
// Throws std::runtime_error on failure.
certificate_files make_self_signed_certificate(const std::filesystem::path& dir);

// GET `target` from https://127.0.0.1:port, trusting only `ca_file`, connecting from
// `source_address` when given. Throws std::runtime_error on a network, TLS or time-out error.
http_response https_get(std::uint16_t port, const std::string& target, const std::filesystem::path& ca_file,
                        const std::string& source_address = {}, const header_list& headers = {});

// Does a TLS handshake with 127.0.0.1:port offering exactly `version` (TLS1_VERSION, …) and
// `ciphers` (an OpenSSL list for TLS 1.2 and below; empty: all), at OpenSSL security level 0 so
// that the client itself offers old versions and ciphers and a refusal is the server's own.
// Returns the handshake's error (empty when it succeeded).
boost::system::error_code tls_handshake(std::uint16_t port, int version, const std::string& ciphers = {},
                                        const std::string& source_address = {});

// Whether `ec` is the peer's TLS alert "protocol version" / "handshake failure" (that is, the
// server refused, rather than the client failing on its own).
bool is_protocol_version_alert(const boost::system::error_code& ec);
bool is_handshake_failure_alert(const boost::system::error_code& ec);

} // namespace tillit::test
