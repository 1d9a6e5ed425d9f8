// Integration: the real tillit-server's HTTP side, from a real Beast client on 127.0.0.1.
#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/ws_client.hpp"

namespace tillit::test {
namespace {

namespace http = boost::beast::http;

class Http : public ::testing::Test {
protected:
    temp_dir dir;
    server_process server{dir.path(), {"--http-request-timeout", "2", "--http-max-body-bytes", "1024",
                                       "--http-max-header-bytes", "2048"}};
};

std::string header(const http_response& res, std::string_view name) { return std::string(res[name]); }

TEST_F(Http, ServesTheHelpSeekerPageWithSecurityHeaders)
{
    const auto res = http_request(server.port(), http::verb::get, "/");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), test_index_html);
    EXPECT_EQ(header(res, "Content-Type"), "text/html; charset=utf-8");
    const auto csp = header(res, "Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval';"), std::string::npos) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("http"), std::string::npos) << "no third-party origin: " << csp;
    EXPECT_EQ(header(res, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(header(res, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(header(res, "Cache-Control"), "no-store");
    EXPECT_TRUE(header(res, "Server").empty());
}

TEST_F(Http, TheStaffPagesGetTheSamePolicy)
{
    // Both staff pages log in with Argon2id in WebAssembly; neither may run inline script.
    for (const char* page : {"/counsellor/", "/supervisor/"}) {
        const auto res = http_request(server.port(), http::verb::get, page);
        EXPECT_EQ(res.result_int(), 200) << page;
        const auto csp = header(res, "Content-Security-Policy");
        EXPECT_NE(csp.find("script-src 'self' 'wasm-unsafe-eval';"), std::string::npos) << page << csp;
        EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << page << csp;
    }
}

TEST_F(Http, EveryFileHasItsMimeTypeAndNoStore)
{
    const std::pair<std::string, std::string> cases[] = {
        {"/assets/app.js", "text/javascript; charset=utf-8"},
        {"/assets/app.css", "text/css; charset=utf-8"},
        {"/assets/sodium.wasm", "application/wasm"},
        {"/counsellor/", "text/html; charset=utf-8"},
    };
    for (const auto& [target, type] : cases) {
        const auto res = http_request(server.port(), http::verb::get, target);
        EXPECT_EQ(res.result_int(), 200) << target;
        EXPECT_EQ(header(res, "Content-Type"), type) << target;
        EXPECT_EQ(header(res, "Cache-Control"), "no-store") << target;
    }
}

TEST_F(Http, FolderWithoutSlashRedirects)
{
    const auto res = http_request(server.port(), http::verb::get, "/counsellor");
    EXPECT_EQ(res.result_int(), 301);
    EXPECT_EQ(header(res, "Location"), "/counsellor/");
}

TEST_F(Http, ARedirectIsAlwaysAPathOnThisSite)
{
    // "Location: //counsellor/" would send a browser to a host named "counsellor".
    const std::pair<std::string, std::string> cases[] = {
        {"//counsellor", "/counsellor/"}, {"///supervisor", "/supervisor/"}, {"/%2fcounsellor", "/counsellor/"},
        {"/%2F%2Fcounsellor", "/counsellor/"}, {"//counsellor?x=1", "/counsellor/"},
    };
    for (const auto& [target, location] : cases) {
        const auto answer = raw_exchange(server.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 301")) << target << "\n" << answer;
        EXPECT_NE(answer.find("\r\nLocation: " + location + "\r\n"), std::string::npos) << target << "\n" << answer;
        EXPECT_EQ(answer.find("Location: //"), std::string::npos) << target << "\n" << answer;
    }
}

TEST_F(Http, AmbiguousFramingIsRefused)
{
    // A Transfer-Encoding with a Content-Length could be split into requests differently by a
    // proxy in front (request smuggling); HTTP/1.1 needs exactly one Host.
    const std::string refused[] = {
        "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello",
        "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: identity\r\n\r\nhello",
        "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "GET / HTTP/1.1\r\nConnection: close\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nConnection: close\r\n\r\n",
    };
    for (const auto& request : refused) {
        const auto answer = raw_exchange(server.port(), request);
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << request << "\n" << answer;
        EXPECT_EQ(answer.find(test_index_html), std::string::npos) << request;
    }
    // HTTP/1.0 had no Host.
    const auto old = raw_exchange(server.port(), "GET / HTTP/1.0\r\n\r\n");
    EXPECT_TRUE(old.starts_with("HTTP/1.0 200")) << old;
}

TEST_F(Http, TheWebSocketUpgradeNamesNoSoftware)
{
    ws_client client(server.port());
    const auto& res = client.upgrade_response();
    EXPECT_EQ(res.result_int(), 101u);
    for (const auto& field : res) {
        EXPECT_EQ(std::string(field.value()).find("Beast"), std::string::npos) << field.name_string() << ": " << field.value();
        EXPECT_EQ(std::string(field.value()).find("Boost"), std::string::npos) << field.name_string() << ": " << field.value();
    }
    EXPECT_EQ(res[http::field::server], "");
}

TEST_F(Http, HeadAnswersWithoutBody)
{
    const auto res = http_request(server.port(), http::verb::head, "/assets/app.js");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(header(res, "Content-Length"), "27");
}

TEST_F(Http, UnknownPathIs404WithShortPlainBody)
{
    const auto res = http_request(server.port(), http::verb::get, "/no/such/page.html");
    EXPECT_EQ(res.result_int(), 404);
    EXPECT_EQ(res.body(), "Not found\n");
    EXPECT_EQ(header(res, "Content-Type"), "text/plain; charset=utf-8");
    EXPECT_EQ(header(res, "X-Content-Type-Options"), "nosniff");
}

TEST_F(Http, PathTraversalIsRefused)
{
    for (const std::string target : {"/../outside.txt", "/assets/../../outside.txt", "/%2e%2e/outside.txt",
                                     "/assets/%2E%2E%2F%2E%2E%2Foutside.txt", "/assets/..%5c..%5coutside.txt",
                                     "/assets/escape.txt", "/%00index.html", "/%zz"}) {
        const auto answer = raw_exchange(server.port(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        EXPECT_TRUE(answer.starts_with("HTTP/1.1 400") || answer.starts_with("HTTP/1.1 404")) << target << "\n" << answer;
        EXPECT_EQ(answer.find(secret_outside_root), std::string::npos) << target;
    }
}

TEST_F(Http, OnlyGetAndHeadAreAllowed)
{
    for (const auto method : {http::verb::post, http::verb::put, http::verb::delete_, http::verb::options}) {
        const auto res = http_request(server.port(), method, "/");
        EXPECT_EQ(res.result_int(), 405) << method;
        EXPECT_EQ(header(res, "Allow"), "GET, HEAD");
    }
}

TEST_F(Http, OversizeBodyIs413)
{
    const auto res = http_request(server.port(), http::verb::post, "/", {}, std::string(4096, 'x'));
    EXPECT_EQ(res.result_int(), 413);
}

TEST_F(Http, OversizeHeaderIsRefused)
{
    const auto res = http_request(server.port(), http::verb::get, "/", {{"X-Padding", std::string(4096, 'a')}});
    EXPECT_EQ(res.result_int(), 431);
}

TEST_F(Http, MalformedRequestIs400)
{
    const auto answer = raw_exchange(server.port(), "GET / HTTP/9.9 what\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400")) << answer;
    EXPECT_NE(answer.find("Bad request"), std::string::npos);
}

TEST_F(Http, HealthCheckAnswersOk)
{
    const auto res = http_request(server.port(), http::verb::get, "/healthz");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "ok\n");
}

TEST_F(Http, ARequestThatNeverFinishesIsCutOff)
{
    // Half a request header, then silence (slowloris): the server closes after its request
    // time-out (2 s here), long before the client's 8 s.
    const auto closed = time_until_closed(server.port(), "GET / HTTP/1.1\r\nHost: x\r\n", std::chrono::seconds(8));
    ASSERT_TRUE(closed.has_value());
    EXPECT_GE(*closed, std::chrono::milliseconds(1500));
}

} // namespace
} // namespace tillit::test
