// Integration: Debian's nginx with deploy/nginx/tillit.conf in front of tillit-server: a whole chat
// over wss:// through it from a client on its own loopback address (127.0.0.78), the server's
// security headers passed on once each with nginx's HSTS, /metrics closed, foreign origins
// refused; then nothing that nginx or the server wrote (every log, the data folder) holds that
// address. And nginx's per-address limits refuse a flood while a chat through it goes on. Needs
// nginx (deploy/install-dependencies.sh --with-deploy): skipped without it, unless
// TILLIT_REQUIRE_DEPLOY_TOOLS=1 (tests/run-all.sh), where its absence fails.
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <openssl/ssl.h>

#include "support/chat_clients.hpp"
#include "support/nginx_process.hpp"
#include "support/relay_chat.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "support/tls_client.hpp"

namespace tillit::test {
namespace {

namespace fs = std::filesystem;
constexpr auto password = "counsellor passphrase behind nginx";
// Not 127.0.0.1: an address that appears nowhere unless something wrote the client's address.
constexpr auto client_address = "127.0.0.78";

std::optional<fs::path> nginx_or_skip_reason(std::string& reason)
{
    if (auto nginx = find_nginx()) return nginx;
    reason = "nginx is not installed (deploy/install-dependencies.sh --with-deploy)";
    return std::nullopt;
}

bool deploy_tools_required()
{
    const char* required = std::getenv("TILLIT_REQUIRE_DEPLOY_TOOLS");
    return required != nullptr && std::string_view(required) == "1";
}

// Every regular file under `dir` whose bytes contain `needle`.
std::vector<fs::path> files_containing(const fs::path& dir, const std::string& needle)
{
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << in.rdbuf();
        if (bytes.str().find(needle) != std::string::npos) found.push_back(entry.path());
    }
    return found;
}

TEST(Nginx, WssChatThroughNginxLeavesNoClientAddressAnywhere)
{
    std::string reason;
    const auto nginx_binary = nginx_or_skip_reason(reason);
    if (!nginx_binary) {
        if (deploy_tools_required()) FAIL() << reason;
        GTEST_SKIP() << reason;
    }
    temp_dir dir;
    create_account(dir.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(dir.path() / "data");
    const auto cert = make_self_signed_certificate(dir.path());
    server_process server(dir.path());  // plain HTTP on 127.0.0.1, as behind a proxy
    nginx_process nginx(*nginx_binary, dir.path() / "nginx", TILLIT_NGINX_SNIPPET, server.port(), cert.certificate, cert.key);
    const auto origin = "https://127.0.0.1:" + std::to_string(nginx.tls_port());
    const ws_options through_nginx{.origin = origin, .source_address = client_address, .tls = true,
                                   .tls_ca_file = cert.certificate.string()};

    {
        ws_client counsellor(nginx.tls_port(), through_nginx);
        go_on_duty(counsellor, "anna", password, 1);
        ws_client seeker(nginx.tls_port(), through_nginx);
        EXPECT_NO_THROW(relay_both_ways(counsellor, seeker, "dGhyb3VnaCBuZ2lueA", "YmFjayB0aHJvdWdo")) << nginx.diagnostics();

        // Each of the server's headers once, and HSTS (nginx's) once.
        const auto page = https_get(nginx.tls_port(), "/", cert.certificate, client_address);
        EXPECT_EQ(page.result_int(), 200U);
        EXPECT_EQ(page.body(), test_index_html);
        for (const auto* header : {"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy",
                                   "Cache-Control", "Cross-Origin-Opener-Policy", "Permissions-Policy", "Strict-Transport-Security"})
            EXPECT_EQ(page.count(header), 1U) << header;
        EXPECT_EQ(page["Strict-Transport-Security"], "max-age=31536000");

        // /metrics is not reachable from outside, not even with a forged proxy header.
        EXPECT_EQ(https_get(nginx.tls_port(), "/metrics", cert.certificate, client_address).result_int(), 404U);
        EXPECT_EQ(https_get(nginx.tls_port(), "/metrics?x", cert.certificate, client_address,
                            {{"X-Forwarded-For", "127.0.0.1"}}).result_int(), 404U);

        // A foreign page cannot open the chat socket through the proxy either.
        auto foreign = through_nginx;
        foreign.origin = "https://evil.example";
        EXPECT_EQ(ws_client::upgrade_status(nginx.tls_port(), foreign), 403U);

        // What makes nginx write connection-level lines: an old TLS version, a client that just
        // hangs up, a request over plain HTTP.
        EXPECT_TRUE(is_protocol_version_alert(tls_handshake(nginx.tls_port(), TLS1_VERSION, {}, client_address)));
        seeker.drop();
        std::this_thread::sleep_for(300ms);  // nginx sees the hang-up while its logs are still open
    }
    EXPECT_EQ(nginx.stop(), 0) << nginx.diagnostics();
    EXPECT_EQ(server.stop(SIGTERM), 0) << server.log();

    // The logs were written (so finding nothing in them means something) ...
    EXPECT_NE(nginx.diagnostics().find("start worker process"), std::string::npos) << nginx.diagnostics();
    EXPECT_NE(server.log().find("websocket"), std::string::npos) << server.log();
    // ... and nothing anyone wrote has the client's address: nginx's logs, the server's log, the
    // database and everything else in the test folder.
    for (const auto& needle : {std::string(client_address), std::string("::ffff:") + client_address})
        for (const auto& file : files_containing(dir.path(), needle)) ADD_FAILURE() << file << " contains " << needle;
}

TEST(Nginx, AFloodFromOneAddressIsRefusedWith429WhileAChatThroughNginxGoesOn)
{
    std::string reason;
    const auto nginx_binary = nginx_or_skip_reason(reason);
    if (!nginx_binary) {
        if (deploy_tools_required()) FAIL() << reason;
        GTEST_SKIP() << reason;
    }
    temp_dir dir;
    create_account(dir.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(dir.path() / "data");
    const auto cert = make_self_signed_certificate(dir.path());
    server_process server(dir.path());
    // The snippet's own limits, made small enough to reach with a few connections: 4 WebSockets
    // per address, and pages at one a minute with a burst of 5.
    nginx_process nginx(*nginx_binary, dir.path() / "nginx", TILLIT_NGINX_SNIPPET, server.port(), cert.certificate, cert.key,
                        {{"limit_conn tillit_sockets_per_address 200;", "limit_conn tillit_sockets_per_address 4;"},
                         {"rate=30r/s", "rate=1r/m"},
                         {"limit_req zone=tillit_requests_per_address burst=300 nodelay;",
                          "limit_req zone=tillit_requests_per_address burst=5 nodelay;"}});
    const auto origin = "https://127.0.0.1:" + std::to_string(nginx.tls_port());
    const auto from = [&](const std::string& address) {
        return ws_options{.origin = origin, .source_address = address, .tls = true, .tls_ca_file = cert.certificate.string()};
    };

    ws_client counsellor(nginx.tls_port(), from(client_address));
    go_on_duty(counsellor, "anna", password, 1);
    ws_client seeker(nginx.tls_port(), from(client_address));
    const auto chat = relay_both_ways(counsellor, seeker, "YmVmb3Jl", "YmVmb3JlIGJhY2s");

    // Ten WebSockets from one other address: four get in, the rest are refused by nginx.
    constexpr auto flooder = "127.0.0.79";
    std::vector<std::unique_ptr<ws_client>> held;
    int refused = 0;
    for (int i = 0; i < 10; ++i) {
        try {
            held.push_back(std::make_unique<ws_client>(nginx.tls_port(), from(flooder)));
        } catch (const std::runtime_error& e) {
            EXPECT_NE(std::string(e.what()).find("HTTP 429"), std::string::npos) << e.what();
            ++refused;
        }
    }
    EXPECT_EQ(held.size(), 4u) << nginx.diagnostics();
    EXPECT_EQ(refused, 6);
    const auto refusal = https_get(nginx.tls_port(), "/ws", cert.certificate, flooder);
    EXPECT_EQ(refusal.result_int(), 429U);
    EXPECT_EQ(refusal["Retry-After"], "60");
    EXPECT_EQ(refusal["Strict-Transport-Security"], "max-age=31536000");

    // The chat in progress goes on, both ways.
    send_frame(seeker, chat, 2, "ZHVyaW5n");
    EXPECT_EQ(std::string(receive_type(counsellor, "msg").at("payload").as_string()), "ZHVyaW5n");
    send_frame(counsellor, chat, 2, "ZHVyaW5nIGJhY2s");
    EXPECT_EQ(std::string(receive_type(seeker, "msg").at("payload").as_string()), "ZHVyaW5nIGJhY2s");

    // Pages: one plus the burst of five from one address, then 429; another address still gets them.
    constexpr auto page_flooder = "127.0.0.80";
    int pages = 0;
    int pages_refused = 0;
    for (int i = 0; i < 10; ++i) {
        const auto status = https_get(nginx.tls_port(), "/", cert.certificate, page_flooder).result_int();
        pages += status == 200 ? 1 : 0;
        pages_refused += status == 429 ? 1 : 0;
    }
    EXPECT_EQ(pages, 6);
    EXPECT_EQ(pages_refused, 4);
    EXPECT_EQ(https_get(nginx.tls_port(), "/", cert.certificate, client_address).result_int(), 200U);

    // One flooder's socket closes: its place is free again.
    held.pop_back();
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    unsigned status = 0;
    while (status != 101 && std::chrono::steady_clock::now() < deadline) {
        status = ws_client::upgrade_status(nginx.tls_port(), from(flooder));
        if (status != 101) std::this_thread::sleep_for(100ms);  // nginx sees the close a moment later
    }
    EXPECT_EQ(status, 101U);
}

} // namespace
} // namespace tillit::test
