// Integration: counsellor and supervisor login over the WebSocket (CRYPTO.md "Login of
// counsellors") against the real server and a real database file.
#include <gtest/gtest.h>

#include <sodium.h>

#include "store/store.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::test {
namespace {

constexpr auto password = "a long and good passphrase";

class Login : public ::testing::Test {
protected:
    void SetUp() override
    {
        create_account(dir.path() / "data", "anna", "counsellor", password);
        server = std::make_unique<server_process>(
            dir.path(), std::vector<std::string>{"--login-failure-delay-ms", "300", "--login-max-failures", "3",
                                                 "--login-lockout", "600"});
    }
    temp_dir dir;
    std::unique_ptr<server_process> server;
};

TEST_F(Login, RightPasswordGivesATokenAndTheAccount)
{
    ws_client client(server->port());
    const auto reply = log_in(client, "anna", password);
    ASSERT_EQ(reply.at("type"), "login_ok") << reply;
    EXPECT_EQ(reply.at("role"), "counsellor");
    EXPECT_EQ(reply.at("pseudonym"), "anna");
    EXPECT_EQ(reply.at("languages").as_array().size(), 2u);
    EXPECT_FALSE(reply.at("must_change_password").as_bool());
    const auto token = crypto::from_base64(std::string_view(reply.at("token").as_string()));
    ASSERT_TRUE(token.has_value());
    EXPECT_EQ(token->size(), 32u);
}

TEST_F(Login, TheTokenResumesTheSessionInTheFirstMessage)
{
    ws_client first(server->port());
    const auto token = std::string(log_in(first, "anna", password).at("token").as_string());

    ws_client second(server->port());
    second.send_json({{"type", "session"}, {"token", token}});
    const auto reply = second.receive_json();
    EXPECT_EQ(reply.at("type"), "login_ok") << reply;
    EXPECT_EQ(reply.at("pseudonym"), "anna");
    EXPECT_FALSE(reply.contains("token")) << "a resumed session gets no new token";
}

TEST_F(Login, WrongPasswordFailsSlowlyAndUnknownNamesLookTheSame)
{
    ws_client client(server->port());
    const auto start = std::chrono::steady_clock::now();
    const auto wrong = log_in(client, "anna", "not the password");
    EXPECT_EQ(wrong.at("code"), "login_failed") << wrong;
    EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(300));

    const auto unknown = log_in(client, "nobody-here", password);
    EXPECT_EQ(unknown.at("code"), "login_failed") << unknown;
    EXPECT_EQ(unknown.at("message"), wrong.at("message"));

    // The made-up salt of an unknown name is stable, like a real one.
    client.send_json({{"type", "login_salt"}, {"pseudonym", "nobody-here"}});
    const auto salt1 = client.receive_json().at("salt");
    client.send_json({{"type", "login_salt"}, {"pseudonym", "nobody-here"}});
    EXPECT_EQ(client.receive_json().at("salt"), salt1);
}

TEST_F(Login, RepeatedFailuresLockTheAccountEvenForTheRightPassword)
{
    ws_client client(server->port());
    for (int i = 0; i < 3; ++i) EXPECT_EQ(log_in(client, "anna", "guess " + std::to_string(i)).at("code"), "login_failed");
    const auto locked = log_in(client, "anna", password);
    EXPECT_EQ(locked.at("code"), "login_locked") << locked;
    EXPECT_GE(locked.at("retry_after").as_int64(), 500);
}

TEST_F(Login, ADisabledAccountCannotLogInOrResume)
{
    ws_client first(server->port());
    const auto token = std::string(log_in(first, "anna", password).at("token").as_string());

    // tillit-admin works while the server runs.
    ASSERT_EQ(admin(dir.path() / "data", {"account", "disable", "anna"}), 0);

    ws_client second(server->port());
    EXPECT_EQ(log_in(second, "anna", password).at("code"), "account_disabled");
    ws_client third(server->port());
    third.send_json({{"type", "session"}, {"token", token}});
    const auto reply = third.receive_json();
    EXPECT_EQ(reply.at("type"), "error");
    EXPECT_NE(reply.at("code"), "login_ok");

    ASSERT_EQ(admin(dir.path() / "data", {"account", "enable", "anna"}), 0);
    ws_client fourth(server->port());
    EXPECT_EQ(log_in(fourth, "anna", password).at("type"), "login_ok");
}

TEST_F(Login, AnExpiredTokenIsRefused)
{
    std::vector<unsigned char> token(32, 0x5a);
    std::vector<unsigned char> hash(crypto_generichash_BYTES);
    crypto_generichash(hash.data(), hash.size(), token.data(), token.size(), nullptr, 0);
    {
        store::store db((dir.path() / "data" / "tillit.db").string());
        const auto account = db.find_account("anna");
        ASSERT_TRUE(account.has_value());
        db.create_session(hash, account->id, 1000);  // expired in 1970
    }
    ws_client client(server->port());
    client.send_json({{"type", "session"}, {"token", crypto::to_base64(token)}});
    EXPECT_EQ(client.receive_json().at("code"), "session_expired");

    ws_client other(server->port());
    other.send_json({{"type", "session"}, {"token", crypto::to_base64(std::vector<unsigned char>(32, 0x11))}});
    EXPECT_EQ(other.receive_json().at("code"), "session_invalid");
}

TEST_F(Login, AOneTimePasswordMustBeChangedBeforeAnythingElse)
{
    std::string output;
    ASSERT_EQ(admin(dir.path() / "data", {"account", "reset-password", "anna"}, &output), 0) << output;
    // The one-time password is the only word of the form xxxxx-xxxxx-xxxxx-xxxxx in the output.
    std::string one_time;
    for (std::istringstream words(output); words >> one_time;)
        if (one_time.size() == 23 && one_time[5] == '-' && one_time[11] == '-' && one_time[17] == '-') break;
    ASSERT_EQ(one_time.size(), 23u) << output;

    ws_client client(server->port());
    const auto reply = log_in(client, "anna", one_time);
    ASSERT_EQ(reply.at("type"), "login_ok") << reply;
    EXPECT_TRUE(reply.at("must_change_password").as_bool());
    client.send_json({{"type", "anything_else"}});
    EXPECT_EQ(client.receive_json().at("code"), "password_change_required");

    const auto salt = crypto::random_login_salt();
    const auto keys = crypto::derive_login_keys("my own new passphrase", salt);
    client.send_json({{"type", "change_password"}, {"salt", crypto::to_base64(salt)}, {"auth", crypto::to_base64(keys->auth.span())}});
    EXPECT_EQ(client.receive_json(30s).at("type"), "password_changed");

    ws_client again(server->port());
    EXPECT_EQ(log_in(again, "anna", "my own new passphrase").at("type"), "login_ok");
    again.send_json({{"type", "login_salt"}, {"pseudonym", "anna"}});
    EXPECT_EQ(again.receive_json().at("code"), "already_signed_in");
    ws_client old(server->port());
    EXPECT_EQ(log_in(old, "anna", one_time).at("code"), "login_failed");
}

TEST_F(Login, LogoutEndsTheSession)
{
    ws_client client(server->port());
    const auto token = std::string(log_in(client, "anna", password).at("token").as_string());
    client.send_json({{"type", "logout"}});
    EXPECT_EQ(client.receive_json().at("type"), "logged_out");
    EXPECT_EQ(client.wait_for_close(), 1000);

    ws_client later(server->port());
    later.send_json({{"type", "session"}, {"token", token}});
    EXPECT_EQ(later.receive_json().at("code"), "session_invalid");
}

TEST_F(Login, MalformedLoginMessagesGetAClearError)
{
    ws_client client(server->port());
    client.send_json({{"type", "login"}, {"pseudonym", "anna"}, {"auth", "too-short"}});
    EXPECT_EQ(client.receive_json().at("code"), "bad_message");
    client.send_json({{"type", "login"}, {"auth", crypto::to_base64(std::vector<unsigned char>(32))}});
    EXPECT_EQ(client.receive_json().at("code"), "bad_message");
    client.send_json({{"type", "change_password"}});
    EXPECT_EQ(client.receive_json().at("code"), "not_signed_in");
}

} // namespace
} // namespace tillit::test
