// Integration: after logins and bad requests, nothing the server wrote (its whole log, the
// database, its write-ahead log, anything in its data folder) holds the client's address, its
// user agent, the password, the login value or the session token.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <boost/beast/http/verb.hpp>

#include "support/http_client.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "canary-passphrase-7f3a";
constexpr auto user_agent = "CanaryAgent/9.9 (tillit-privacy-test)";

std::string read_all(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST(Privacy, NothingIdentifyingIsWrittenAnywhere)
{
    temp_dir dir;
    create_account(dir.path() / "data", "canary", "counsellor", password);
    server_process server(dir.path(), {"--log-level", "debug", "--login-failure-delay-ms", "10"});

    // A good login, a wrong one, a session resumption and a logout.
    ws_client client(server.port(), {.user_agent = user_agent});
    client.send_json({{"type", "login_salt"}, {"pseudonym", "canary"}});
    const auto salt = crypto::from_base64(std::string_view(client.receive_json().at("salt").as_string()));
    const auto keys = crypto::derive_login_keys(password, *salt);
    const auto auth = std::string(reinterpret_cast<const char*>(keys->auth.data()), keys->auth.size());
    client.send_json({{"type", "login"}, {"pseudonym", "canary"}, {"auth", crypto::to_base64(keys->auth.span())}});
    const auto ok = client.receive_json(30s);
    ASSERT_EQ(ok.at("type"), "login_ok");
    const auto token_text = std::string(ok.at("token").as_string());
    const auto token_bytes = *crypto::from_base64(token_text);
    const auto token = std::string(token_bytes.begin(), token_bytes.end());

    ws_client resumed(server.port(), {.user_agent = user_agent});
    resumed.send_json({{"type", "session"}, {"token", token_text}});
    ASSERT_EQ(resumed.receive_json().at("type"), "login_ok");
    resumed.send_json({{"type", "logout"}});
    ASSERT_EQ(resumed.receive_json().at("type"), "logged_out");

    ws_client wrong(server.port(), {.user_agent = user_agent});
    EXPECT_EQ(log_in(wrong, "canary-typo-" + std::string(password), "also " + std::string(password)).at("code"), "login_failed");

    // Bad requests of every kind, with the marker user agent.
    const header_list agent = {{"User-Agent", user_agent}, {"X-Forwarded-For", "127.0.0.1"}};
    http_request(server.port(), boost::beast::http::verb::get, "/missing", agent);
    http_request(server.port(), boost::beast::http::verb::post, "/", agent, "body");
    raw_exchange(server.port(), "GET /../x HTTP/1.1\r\nConnection: close\r\nUser-Agent: " + std::string(user_agent) + "\r\n\r\n");
    raw_exchange(server.port(), "BROKEN\r\n\r\n");
    ws_client::upgrade_status(server.port(), {.origin = "https://evil.example", .user_agent = user_agent});

    ASSERT_EQ(server.stop(SIGTERM), 0);

    std::vector<std::pair<std::string, std::string>> written = {{"log", server.log()}};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() / "data"))
        if (entry.is_regular_file()) written.emplace_back(entry.path().filename().string(), read_all(entry.path()));
    ASSERT_GE(written.size(), 2u);

    const std::vector<std::pair<std::string, std::string>> secrets = {
        {"client address", "127.0.0.1"},
        {"user agent", "CanaryAgent"},
        {"password", password},
        {"login value (raw)", auth},
        {"login value (base64)", crypto::to_base64(keys->auth.span())},
        {"login value (hex)", crypto::to_hex(keys->auth.span())},
        {"session token (raw)", token},
        {"session token (base64)", token_text},
        {"session token (hex)", crypto::to_hex(token_bytes)},
        {"name tried at a failed login", "canary-typo-"},
    };
    for (const auto& [file, contents] : written)
        for (const auto& [what, secret] : secrets)
            EXPECT_EQ(contents.find(secret), std::string::npos) << "the " << what << " was found in " << file;
}

} // namespace
} // namespace tillit::test
