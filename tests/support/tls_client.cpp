// tls_client: OpenSSL for the certificate, Asio's ssl::stream for the client side.
#include "support/tls_client.hpp"

#include <fstream>
#include <memory>
#include <optional>
#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace tillit::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace fs = std::filesystem;

namespace {

template <class T, void (*Free)(T*)>
struct freer {
    void operator()(T* p) const noexcept { Free(p); }
};
using key_ptr = std::unique_ptr<EVP_PKEY, freer<EVP_PKEY, EVP_PKEY_free>>;
using cert_ptr = std::unique_ptr<X509, freer<X509, X509_free>>;
using ext_ptr = std::unique_ptr<X509_EXTENSION, freer<X509_EXTENSION, X509_EXTENSION_free>>;

void check(bool ok, const char* what)
{
    if (!ok) throw std::runtime_error(std::string("making the test certificate failed: ") + what);
}

void write_pem(const fs::path& path, int (*write)(BIO*, void*), void* object)
{
    std::unique_ptr<BIO, freer<BIO, BIO_free_all>> out(BIO_new_file(path.c_str(), "w"));
    check(out != nullptr && write(out.get(), object) == 1, "write");
}

// Runs one asynchronous operation to its end; the tcp_stream's deadline bounds it.
template <class Start>
beast::error_code finish(asio::io_context& ioc, Start start)
{
    std::optional<beast::error_code> result;
    start([&](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result.value_or(asio::error::timed_out);
}

// Connects a tcp_stream (from `source_address` when given); every later operation on it must end
// within 10 s.
beast::error_code connect(asio::io_context& ioc, beast::tcp_stream& tcp, std::uint16_t port, const std::string& source_address)
{
    if (!source_address.empty()) {
        tcp.socket().open(asio::ip::tcp::v4());
        tcp.socket().bind({asio::ip::make_address(source_address), 0});
    }
    tcp.expires_after(std::chrono::seconds(10));
    return finish(ioc, [&](auto handler) {
        tcp.async_connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), handler);
    });
}

} // namespace

certificate_files make_self_signed_certificate(const fs::path& dir)
{
    key_ptr key(EVP_EC_gen("P-256"));
    check(key != nullptr, "key");
    cert_ptr cert(X509_new());
    check(cert != nullptr, "certificate");
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
    for (const auto& [nid, value] : {std::pair{NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost"},
                                     std::pair{NID_basic_constraints, "critical,CA:TRUE"}}) {
        ext_ptr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
        check(ext != nullptr && X509_add_ext(cert.get(), ext.get(), -1) == 1, "extension");
    }
    check(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0, "sign");

    certificate_files files{dir / "tls-cert.pem", dir / "tls-key.pem"};
    write_pem(files.certificate, [](BIO* b, void* c) { return PEM_write_bio_X509(b, static_cast<X509*>(c)); }, cert.get());
    { std::ofstream(files.key).flush(); }
    fs::permissions(files.key, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
    write_pem(files.key, [](BIO* b, void* k) {
        return PEM_write_bio_PrivateKey(b, static_cast<EVP_PKEY*>(k), nullptr, nullptr, 0, nullptr, nullptr);
    }, key.get());
    return files;
}

http_response https_get(std::uint16_t port, const std::string& target, const fs::path& ca_file,
                        const std::string& source_address, const header_list& headers)
{
    asio::io_context ioc;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    ctx.load_verify_file(ca_file.string());
    ctx.set_verify_mode(asio::ssl::verify_peer);
    ctx.set_verify_callback(asio::ssl::host_name_verification("127.0.0.1"));
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    const auto fail = [](const char* step, beast::error_code ec) {
        return std::runtime_error(std::string("HTTPS request failed (") + step + "): " + ec.message());
    };
    if (auto ec = connect(ioc, beast::get_lowest_layer(stream), port, source_address)) throw fail("connect", ec);
    if (auto ec = finish(ioc, [&](auto h) { stream.async_handshake(asio::ssl::stream_base::client, h); }))
        throw fail("handshake", ec);
    http::request<http::empty_body> req{http::verb::get, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
    for (const auto& [name, value] : headers) req.set(name, value);
    req.keep_alive(false);
    if (auto ec = finish(ioc, [&](auto h) { http::async_write(stream, req, h); })) throw fail("write", ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> res;
    if (auto ec = finish(ioc, [&](auto h) { http::async_read(stream, buffer, res, h); })) throw fail("read", ec);
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
    return res;
}

boost::system::error_code tls_handshake(std::uint16_t port, int version, const std::string& ciphers,
                                        const std::string& source_address)
{
    asio::io_context ioc;
    asio::ssl::context ctx(asio::ssl::context::tls_client);
    SSL_CTX* native = ctx.native_handle();
    // Debian's OpenSSL refuses TLS 1.0/1.1 at its default level 2 before sending anything: level
    // 0 makes this client offer them, so that what is proven is the server's refusal.
    SSL_CTX_set_security_level(native, 0);
    SSL_CTX_set_min_proto_version(native, version);
    SSL_CTX_set_max_proto_version(native, version);
    if (SSL_CTX_set_cipher_list(native, ciphers.empty() ? "ALL:@SECLEVEL=0" : (ciphers + ":@SECLEVEL=0").c_str()) != 1)
        throw std::runtime_error("the client's cipher list was refused by OpenSSL: " + ciphers);
    beast::ssl_stream<beast::tcp_stream> stream(ioc, ctx);
    if (auto ec = connect(ioc, beast::get_lowest_layer(stream), port, source_address)) return ec;
    const auto ec = finish(ioc, [&](auto h) { stream.async_handshake(asio::ssl::stream_base::client, h); });
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
    return ec;
}

bool is_protocol_version_alert(const boost::system::error_code& ec)
{
    return ec.category() == asio::error::get_ssl_category() && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_TLSV1_ALERT_PROTOCOL_VERSION;
}

bool is_handshake_failure_alert(const boost::system::error_code& ec)
{
    return ec.category() == asio::error::get_ssl_category() && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == SSL_R_SSLV3_ALERT_HANDSHAKE_FAILURE;
}

} // namespace tillit::test
