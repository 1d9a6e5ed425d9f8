// tls_context: an Asio SSL context with a modern, narrow TLS configuration.
#include "net/tls_context.hpp"

#include <stdexcept>
#include <string>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

namespace tillit::net {

namespace ssl = boost::asio::ssl;
namespace fs = std::filesystem;

namespace {

// OpenSSL's reason for the last failure, without anything the files hold.
std::string openssl_reason()
{
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0) return "unknown error";
    const char* reason = ERR_reason_error_string(code);
    return reason != nullptr ? reason : "error " + std::to_string(code);
}

void require(bool ok, const std::string& what)
{
    if (!ok) throw std::runtime_error(what + ": " + openssl_reason());
}

} // namespace

std::unique_ptr<ssl::context> make_tls_context(const fs::path& certificate, const fs::path& key)
{
    // Read errors are told apart from format errors: a key the service user may not read is the
    // usual mistake after a certificate renewal.
    for (const auto& file : {certificate, key}) {
        std::error_code ec;
        if (!fs::is_regular_file(file, ec)) throw std::runtime_error("TLS file missing or not a file: " + file.string());
    }
    auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
    SSL_CTX* ctx = context->native_handle();
    require(SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) == 1, "cannot require TLS 1.2");
    require(SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION) == 1, "cannot allow TLS 1.3");
    // No TLS compression (CRIME), no renegotiation (a client-driven CPU cost and an old attack
    // surface), no tickets: resumption keys would outlive the connection they came from.
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET |
                                 SSL_OP_NO_SSLv2 | SSL_OP_NO_SSLv3 | SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1);
    require(SSL_CTX_set_cipher_list(ctx, tls12_ciphers) == 1, "cannot set the TLS 1.2 ciphers");
    require(SSL_CTX_set_ciphersuites(ctx, tls13_suites) == 1, "cannot set the TLS 1.3 cipher suites");
    require(SSL_CTX_set1_groups_list(ctx, "X25519:P-256:P-384") == 1, "cannot set the key exchange groups");
    require(SSL_CTX_use_certificate_chain_file(ctx, certificate.c_str()) == 1,
            "cannot load the TLS certificate chain " + certificate.string());
    // OpenSSL compares the key with the certificate while loading it: say which mistake it was.
    const auto mismatch = "the TLS private key " + key.string() + " does not belong to " + certificate.string();
    if (SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM) != 1) {
        if (ERR_GET_REASON(ERR_peek_last_error()) == X509_R_KEY_VALUES_MISMATCH) {
            ERR_clear_error();
            throw std::runtime_error(mismatch);
        }
        require(false, "cannot load the TLS private key " + key.string());
    }
    require(SSL_CTX_check_private_key(ctx) == 1, mismatch);
    return context;
}

} // namespace tillit::net
