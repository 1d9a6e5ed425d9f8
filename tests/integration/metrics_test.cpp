// Integration: GET /metrics on the real server (docs/statistics.md, "/metrics"): the Prometheus
// text format checked line by line by a strict reader (tests/support/prometheus_text), the
// figures following what clients do, and who may read it: a loopback peer without proxy headers,
// or anyone with the configured token; everyone else gets the 404 of a missing file.
#include <gtest/gtest.h>

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <optional>
#include <thread>

#include <boost/asio/ip/address_v4.hpp>

#include "support/chat_clients.hpp"
#include "support/prometheus_text.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

namespace http = boost::beast::http;

constexpr auto password = "metrics test passphrase";
constexpr auto token = "metrics-token-for-the-test-0123456789";

// An IPv4 address of this machine that is not loopback, if it has one.
std::optional<std::string> outside_address()
{
    ifaddrs* list = nullptr;
    if (::getifaddrs(&list) != 0) return std::nullopt;
    std::optional<std::string> found;
    for (auto* i = list; i != nullptr && !found; i = i->ifa_next) {
        if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
        if ((i->ifa_flags & IFF_UP) == 0 || (i->ifa_flags & IFF_LOOPBACK) != 0) continue;
        const auto* in = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
        found = boost::asio::ip::address_v4(ntohl(in->sin_addr.s_addr)).to_string();
    }
    ::freeifaddrs(list);
    return found;
}

class Metrics : public ::testing::Test {
protected:
    void start(std::vector<std::string> args)
    {
        create_account(dir.path() / "data", "anna", "counsellor", password, "sv");
        open_around_the_clock(dir.path() / "data");
        args.insert(args.end(), {"--listen-address", "0.0.0.0", "--language-fallback", "900"});
        server = std::make_unique<server_process>(dir.path(), std::move(args));
    }

    http_response get(const header_list& headers = {}, const std::string& address = "127.0.0.1")
    {
        return http_request_to(address, server->port(), http::verb::get, "/metrics", headers);
    }

    prom_document scrape()
    {
        const auto res = get();
        EXPECT_EQ(res.result_int(), 200u);
        EXPECT_EQ(res[http::field::content_type], "text/plain; version=0.0.4; charset=utf-8");
        EXPECT_EQ(res[http::field::cache_control], "no-store");
        last_text = res.body();
        return parse_prometheus_text(res.body());
    }

    // What a missing file gets: /metrics must look exactly like it to whoever may not read it.
    http_response missing() { return http_request(server->port(), http::verb::get, "/no-such-file"); }

    void expect_refused(const http_response& res, const std::string& why)
    {
        const auto reference = missing();
        EXPECT_EQ(res.result_int(), 404u) << why;
        EXPECT_EQ(res.body(), reference.body()) << why;
        EXPECT_EQ(res[http::field::content_type], reference[http::field::content_type]) << why;
        EXPECT_EQ(res.body().find("tillit_"), std::string::npos) << why;
    }

    temp_dir dir;
    std::unique_ptr<server_process> server;
    std::string last_text;
};

TEST_F(Metrics, QueueStaffingWaitsFramesAndErrorsInTheStrictTextFormat)
{
    start({"--metrics-token", token});
    const auto before = scrape();
    for (const auto* family : {"tillit_queue_waiting", "tillit_wait_seconds", "tillit_counsellors", "tillit_open_connections",
                               "tillit_frames_relayed_total", "tillit_errors_sent_total"})
        EXPECT_TRUE(before.families.contains(family)) << family;
    EXPECT_EQ(before.families.at("tillit_wait_seconds").type, "histogram");
    EXPECT_EQ(before.families.at("tillit_frames_relayed_total").type, "counter");
    EXPECT_EQ(prom_value(before, "tillit_counsellors", {{"state", "on_duty"}}), 0);
    EXPECT_EQ(prom_value(before, "tillit_frames_relayed_total"), 0);
    EXPECT_EQ(prom_value(before, "tillit_queue_waiting", {{"lane", "support"}, {"language", "sv"}}), 0) << "served languages show as 0";

    ws_client counsellor(server->port());
    go_on_duty(counsellor, "anna", password, 1);
    ws_client seeker(server->port());
    const auto paired = join(seeker, "support", "sv", false);
    ASSERT_EQ(paired.at("type"), "paired");
    const std::string chat(paired.at("chat").as_string());
    receive_type(counsellor, "assigned");
    send_frame(seeker, chat, 1, "aGVsbG8");
    receive_type(seeker, "accepted");
    send_frame(counsellor, chat, 1, "aGk");
    receive_type(counsellor, "accepted");
    send_frame(seeker, chat, 5, "eA");
    EXPECT_EQ(receive_type(seeker, "error").at("code"), "out_of_order");
    ws_client finnish(server->port());
    ASSERT_EQ(join(finnish, "support", "fi").at("type"), "queue");
    ws_client confused(server->port());
    confused.send("this is not json");
    EXPECT_EQ(receive_type(confused, "error").at("code"), "bad_json");

    // The queue is read from the pairing actor at the moment of the request.
    const auto after = scrape();
    EXPECT_EQ(prom_value(after, "tillit_queue_waiting", {{"lane", "support"}, {"language", "other"}}), 1)
        << "a language nobody serves is \"other\"";
    EXPECT_EQ(prom_value(after, "tillit_queue_waiting", {{"lane", "support"}, {"language", "sv"}}), 0);
    EXPECT_EQ(prom_value(after, "tillit_counsellors", {{"state", "on_duty"}}), 1);
    EXPECT_EQ(prom_value(after, "tillit_counsellors", {{"state", "busy"}}), 1);
    EXPECT_EQ(prom_value(after, "tillit_counsellors", {{"state", "free"}}), 0);
    EXPECT_EQ(prom_value(after, "tillit_wait_seconds_count", {{"lane", "support"}}), 1);
    EXPECT_EQ(prom_value(after, "tillit_wait_seconds_bucket", {{"lane", "support"}, {"le", "30"}}), 1);
    EXPECT_EQ(prom_value(after, "tillit_wait_seconds_count", {{"lane", "consultation"}}), 0);
    EXPECT_EQ(prom_value(after, "tillit_frames_relayed_total"), 2);
    EXPECT_EQ(prom_value(after, "tillit_errors_sent_total", {{"code", "bad_json"}}), 1);
    EXPECT_EQ(prom_value(after, "tillit_errors_sent_total", {{"code", "out_of_order"}}), 1);
    EXPECT_EQ(prom_value(after, "tillit_errors_sent_total", {{"code", "login_failed"}}), 0);
    EXPECT_GE(prom_value(after, "tillit_open_connections"), 5);
    // Never anything about one person or chat.
    for (const auto& secret : {std::string("anna"), chat, std::string(paired.at("token").as_string()), std::string("fi\"")})
        EXPECT_EQ(last_text.find(secret), std::string::npos) << secret;

    // HEAD: the headers, no body.
    const auto head = http_request(server->port(), http::verb::head, "/metrics");
    EXPECT_EQ(head.result_int(), 200u);
    EXPECT_TRUE(head.body().empty());
}

TEST_F(Metrics, OnlyLoopbackWithoutAProxyOrTheTokenMayRead)
{
    start({"--metrics-token", token});
    EXPECT_EQ(get().result_int(), 200u);
    for (const auto& header : {std::pair<std::string, std::string>{"X-Forwarded-For", "203.0.113.9"},
                               {"Forwarded", "for=203.0.113.9;proto=https"},
                               {"X-Real-IP", "203.0.113.9"}})
        expect_refused(get({header}), "through a proxy: " + header.first);
    EXPECT_EQ(get({{"X-Forwarded-For", "203.0.113.9"}, {"Authorization", std::string("Bearer ") + token}}).result_int(), 200u)
        << "the token opens it from anywhere";

    const auto address = outside_address();
    if (!address) GTEST_SKIP() << "this machine has no address but loopback";
    expect_refused(get({}, *address), "from " + *address + " without the token");
    expect_refused(get({{"Authorization", "Bearer wrong-token-of-some-length"}}, *address), "a wrong token");
    expect_refused(get({{"Authorization", std::string("Basic ") + token}}, *address), "another scheme");
    const auto allowed = get({{"Authorization", std::string("Bearer ") + token}}, *address);
    EXPECT_EQ(allowed.result_int(), 200u);
    EXPECT_NO_THROW(parse_prometheus_text(allowed.body()));
}

TEST_F(Metrics, WithoutATokenOnlyLoopbackMayRead)
{
    start({});
    EXPECT_EQ(get().result_int(), 200u);
    const auto address = outside_address();
    if (!address) GTEST_SKIP() << "this machine has no address but loopback";
    expect_refused(get({{"Authorization", "Bearer "}}, *address), "an empty token");
    expect_refused(get({{"Authorization", std::string("Bearer ") + token}}, *address), "token access is off");
}

} // namespace
} // namespace tillit::test
