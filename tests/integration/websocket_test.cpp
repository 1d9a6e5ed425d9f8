// Integration: the WebSocket upgrade and its limits, with a real Beast client on 127.0.0.1.
#include <gtest/gtest.h>

#include "support/server_process.hpp"
#include "support/ws_client.hpp"

namespace tillit::test {
namespace {

class WebSocket : public ::testing::Test {
protected:
    temp_dir dir;
    server_process server{dir.path(), {"--allowed-origins", "https://chat.example.org"}};
};

TEST_F(WebSocket, UpgradesOnItsPathAndAnswersJson)
{
    ws_client client(server.port(), {.origin = "https://chat.example.org"});
    client.send("this is not json");
    const auto reply = client.receive_json();
    EXPECT_EQ(reply.at("type"), "error");
    EXPECT_EQ(reply.at("code"), "bad_json");
    client.send(R"({"type":"no_such_thing"})");
    EXPECT_EQ(client.receive_json().at("code"), "unknown_type");
}

TEST_F(WebSocket, RefusesAForeignOrigin)
{
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = "https://evil.example.com"}), 403u);
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = "null"}), 403u);
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = "https://chat.example.org"}), 101u);
}

TEST(WebSocketSameOrigin, AllowsOnlyTheServersOwnOriginByDefault)
{
    temp_dir dir;
    server_process server(dir.path());
    const auto own = "http://127.0.0.1:" + std::to_string(server.port());
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = own}), 101u);
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = "http://127.0.0.1:1"}), 403u);
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.origin = "https://chat.example.org"}), 403u);
}

TEST_F(WebSocket, RefusesOtherPathsAndAnythingInTheUrl)
{
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.target = "/chat"}), 404u);
    // A token in the URL would land in proxy logs and browser history: not accepted.
    EXPECT_EQ(ws_client::upgrade_status(server.port(), {.target = "/ws?token=abc"}), 404u);
}

TEST_F(WebSocket, OversizeMessageIsClosedWith1009)
{
    ws_client client(server.port());
    client.send(std::string(70 * 1024, 'x'));
    EXPECT_EQ(client.wait_for_close(), 1009);
}

TEST_F(WebSocket, BinaryFramesAreRefusedWith1003)
{
    ws_client client(server.port());
    client.send_binary("\x01\x02\x03");
    EXPECT_EQ(client.wait_for_close(), 1003);
}

TEST_F(WebSocket, InvalidUtf8IsClosedWith1007)
{
    ws_client client(server.port());
    client.send("{\"type\":\"\xff\xfe\"}");
    EXPECT_EQ(client.wait_for_close(), 1007);
}

TEST_F(WebSocket, NeverNegotiatesCompression)
{
    ws_client client(server.port(), {.offer_deflate = true});
    EXPECT_TRUE(client.upgrade_response()["Sec-WebSocket-Extensions"].empty());
}

TEST_F(WebSocket, RepeatedProtocolErrorsCloseWithPolicyViolation)
{
    ws_client client(server.port());
    for (int i = 0; i < 10; ++i) client.send("[]");
    EXPECT_EQ(client.wait_for_close(), 1008);
}

} // namespace
} // namespace tillit::test
