// Integration: a real end-to-end encrypted chat (CRYPTO.md) through the real server. The
// counsellor sets up an identity key (certified by the development root key), goes on duty with
// a signed shift key; the help-seeker verifies the bundle against the pinned root key, both run
// the handshake over relay frames, talk both ways, survive a server restart with a new epoch
// and a new handshake, and afterwards no plaintext is found in anything the server wrote.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include "support/chat_clients.hpp"
#include "support/e2e_chat.hpp"
#include "support/server_process.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/handshake.hpp"

namespace tillit::test {
namespace {

namespace c = tillit::crypto;
constexpr auto password = "counsellor passphrase";

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

class EndToEnd : public ::testing::Test {
protected:
    std::unique_ptr<server_process> start_server() { return std::make_unique<server_process>(dir.path(), e2e.server_args()); }

    temp_dir dir;
    e2e_chat e2e{dir.path(), "anna", password};
};

std::string read_all(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

TEST_F(EndToEnd, AnEncryptedChatSurvivesARestartAndLeavesNoPlaintextBehind)
{
    // The plaintext shapes of docs/crypto.md (message numbers n and seen; a sync first in each epoch).
    const std::string first_sync = R"({"type":"sync","received":0})";
    const std::string first_words = R"({"type":"message","n":1,"seen":0,"text":"canary-plaintext-before-restart 7d1f"})";
    const std::string reply_words = R"({"type":"message","n":1,"seen":1,"text":"canary-plaintext-reply 2b9c"})";
    const std::string later_sync = R"({"type":"sync","received":1})";
    const std::string later_words = R"({"type":"message","n":2,"seen":1,"text":"canary-plaintext-after-restart 44ae"})";
    const std::string later_reply = R"({"type":"message","n":2,"seen":2,"text":"canary-plaintext-reply 2b9c"})";
    std::string session_token;
    std::string resume_token;
    std::string chat;
    std::string logs;
    {
        auto server = start_server();
        ws_client counsellor(server->port());
        session_token = e2e.counsellor_on_duty(counsellor, true);
        ws_client seeker(server->port());
        const auto paired = join(seeker, "support", "sv", false);
        ASSERT_EQ(paired.at("type"), "paired") << paired;
        chat = text(paired.at("chat"));
        resume_token = text(paired.at("token"));
        receive_type(counsellor, "assigned");

        e2e_side s;
        e2e_side k;
        e2e.handshake(seeker, counsellor, chat, 0, paired.at("bundle").as_object(), s, k);
        EXPECT_EQ(e2e_chat::through(seeker, s, counsellor, k, chat, first_sync), first_sync);
        EXPECT_EQ(e2e_chat::through(counsellor, k, seeker, s, chat, first_sync), first_sync);
        EXPECT_EQ(e2e_chat::through(seeker, s, counsellor, k, chat, first_words), first_words);
        EXPECT_EQ(e2e_chat::through(counsellor, k, seeker, s, chat, reply_words), reply_words);
        EXPECT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
        logs += server->log();
    }

    auto server = start_server();
    ws_client seeker(server->port());
    seeker.send_json({{"type", "resume"}, {"token", resume_token}, {"last_received", 2}});
    receive_type(seeker, "resumed");
    ws_client counsellor(server->port());
    e2e.counsellor_on_duty(counsellor, false);
    const auto assigned = receive_type(counsellor, "assigned");
    const auto epoch = static_cast<std::uint32_t>(assigned.at("epoch").as_int64());
    ASSERT_EQ(epoch, 1u);
    const auto new_epoch = receive_type(seeker, "epoch");
    ASSERT_TRUE(new_epoch.at("bundle").is_object()) << "the new epoch brings the counsellor's bundle again";

    e2e_side s;
    e2e_side k;
    e2e.handshake(seeker, counsellor, chat, epoch, new_epoch.at("bundle").as_object(), s, k);
    EXPECT_EQ(e2e_chat::through(seeker, s, counsellor, k, chat, later_sync), later_sync);
    EXPECT_EQ(e2e_chat::through(counsellor, k, seeker, s, chat, later_sync), later_sync);
    EXPECT_EQ(e2e_chat::through(seeker, s, counsellor, k, chat, later_words), later_words);
    EXPECT_EQ(e2e_chat::through(counsellor, k, seeker, s, chat, later_reply), later_reply);
    EXPECT_EQ(server->stop(SIGTERM), 0);
    logs += server->log();

    std::vector<std::pair<std::string, std::string>> written = {{"log", logs}};
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path() / "data"))
        if (entry.is_regular_file()) written.emplace_back(entry.path().filename().string(), read_all(entry.path()));
    for (const auto& [file, contents] : written)
        for (const auto* marker : {"canary-plaintext", "7d1f", "2b9c", "44ae"})
            EXPECT_EQ(contents.find(marker), std::string::npos) << marker << " found in " << file;
}

TEST_F(EndToEnd, AHelpSeekerRefusesABundleNotCertifiedByThePinnedRoot)
{
    auto server = start_server();
    ws_client counsellor(server->port());
    e2e.counsellor_on_duty(counsellor, true);
    ws_client seeker(server->port());
    const auto paired = join(seeker, "support", "sv", false);
    const auto sid = *c::session_id_from(*c::from_base64(std::string_view(paired.at("chat").as_string())));
    const auto other_root = c::generate_signing_keypair();
    const auto started = c::help_seeker_handshake::start(other_root->pk, parse_bundle(paired.at("bundle").as_object()), sid, 0,
                                                         unix_now(), {});
    EXPECT_FALSE(started);
    EXPECT_EQ(started.error(), c::crypto_error::bad_signature) << "a server that swaps keys fails the certificate check";
}

} // namespace
} // namespace tillit::test
