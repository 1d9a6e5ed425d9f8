// Integration: the server's own TLS listener (tls-certificate, tls-key): a chat over wss://, HSTS
// on every response, same-origin over https:// only, TLS 1.0 and 1.1 and non-AEAD ciphers refused
// by the server, a graceful shutdown with 1001, and clear start-up errors for a bad TLS set-up.
#include <gtest/gtest.h>

#include <csignal>

#include <openssl/ssl.h>

#include "support/chat_clients.hpp"
#include "support/relay_chat.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "support/tls_client.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "counsellor passphrase over tls";

class Tls : public ::testing::Test {
protected:
    void SetUp() override
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        cert = make_self_signed_certificate(dir.path());
        server = std::make_unique<server_process>(
            dir.path(), std::vector<std::string>{"--tls-certificate", cert.certificate.string(), "--tls-key", cert.key.string()});
    }
    [[nodiscard]] ws_options wss() const { return {.tls = true, .tls_ca_file = cert.certificate.string()}; }

    temp_dir dir;
    certificate_files cert;
    std::unique_ptr<server_process> server;
};

TEST_F(Tls, ChatRelaysBothWaysOverWss)
{
    ws_client counsellor(server->port(), wss());
    go_on_duty(counsellor, "anna", password, 1);
    ws_client seeker(server->port(), wss());
    EXPECT_NO_THROW(relay_both_ways(counsellor, seeker, "c2Vla2Vy", "Y291bnNlbGxvcg"));
    EXPECT_NE(server->log().find(R"("tls":true)"), std::string::npos);
}

TEST_F(Tls, EveryResponseCarriesHsts)
{
    for (const auto* target : {"/", "/no-such-file", "/healthz"}) {
        const auto res = https_get(server->port(), target, cert.certificate);
        EXPECT_EQ(res[boost::beast::http::field::strict_transport_security], "max-age=31536000") << target;
        EXPECT_EQ(res.count("Content-Security-Policy"), 1U) << target;
    }
    EXPECT_EQ(https_get(server->port(), "/", cert.certificate).body(), test_index_html);
}

TEST_F(Tls, SameOriginMeansHttpsOnly)
{
    const auto origin = "://127.0.0.1:" + std::to_string(server->port());
    auto options = wss();
    options.origin = "https" + origin;
    EXPECT_EQ(ws_client::upgrade_status(server->port(), options), 101U);
    options.origin = "http" + origin;
    EXPECT_EQ(ws_client::upgrade_status(server->port(), options), 403U) << "a page over http:// is another origin";
}

TEST_F(Tls, OldProtocolsAndNonAeadCiphersAreRefusedByTheServer)
{
    for (const int old : {TLS1_VERSION, TLS1_1_VERSION}) {
        const auto ec = tls_handshake(server->port(), old);
        EXPECT_TRUE(is_protocol_version_alert(ec)) << std::hex << old << ": " << ec.message();
    }
    EXPECT_FALSE(tls_handshake(server->port(), TLS1_2_VERSION)) << "TLS 1.2 with an AEAD cipher works";
    EXPECT_FALSE(tls_handshake(server->port(), TLS1_3_VERSION));
    // CBC with SHA-1 or SHA-256 MACs, and RSA key transport (no forward secrecy): all refused.
    for (const auto* cipher : {"ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA384", "AES128-GCM-SHA256"}) {
        const auto ec = tls_handshake(server->port(), TLS1_2_VERSION, cipher);
        EXPECT_TRUE(is_handshake_failure_alert(ec)) << cipher << ": " << ec.message();
    }
}

TEST_F(Tls, ShutdownClosesWssClientsWithGoingAway)
{
    ws_client counsellor(server->port(), wss());
    go_on_duty(counsellor, "anna", password, 1);
    ws_client anonymous(server->port(), wss());
    server->signal(SIGTERM);
    EXPECT_EQ(counsellor.wait_for_close(), 1001);
    EXPECT_EQ(anonymous.wait_for_close(), 1001);
    EXPECT_EQ(server->wait_for_exit(), 0) << server->log();
    EXPECT_EQ(server->log().find("shutdown_forced"), std::string::npos) << server->log();
}

TEST(TlsSetup, HalfASetupOrAWrongKeyStopsTheStartWithTheReason)
{
    temp_dir dir;
    const auto cert = make_self_signed_certificate(dir.path());
    EXPECT_THROW(server_process(dir.path(), {"--tls-key", cert.key.string()}), std::runtime_error);

    temp_dir other;
    const auto other_cert = make_self_signed_certificate(other.path());
    try {
        server_process server(dir.path(), {"--tls-certificate", cert.certificate.string(), "--tls-key", other_cert.key.string()});
        ADD_FAILURE() << "the server started with a key that is not its certificate's";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("does not belong to"), std::string::npos) << e.what();
    }
}

TEST(PlainHttp, NoHstsWithoutTls)
{
    temp_dir dir;
    server_process server(dir.path());
    const auto res = http_request(server.port(), boost::beast::http::verb::get, "/");
    EXPECT_EQ(res.count(boost::beast::http::field::strict_transport_security), 0U);
}

} // namespace
} // namespace tillit::test
