// Integration: a real end-to-end encrypted chat (CRYPTO.md) through the real server. The
// counsellor sets up an identity key (certified by the development root key), goes on duty with
// a signed shift key; the help-seeker verifies the bundle against the pinned root key, both run
// the handshake over relay frames, talk both ways, survive a server restart with a new epoch
// and a new handshake, and afterwards no plaintext is found in anything the server wrote.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <sstream>

#include <sodium.h>

#include "support/chat_clients.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/bundle.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/login_keys.hpp"
#include "tillit/crypto/secure_stream.hpp"
#include "tillit/crypto/shift_key.hpp"

namespace tillit::test {
namespace {

namespace c = tillit::crypto;
constexpr auto password = "counsellor passphrase";

// Handshake and chat frames ride in relay payloads, which the server never reads: one kind byte,
// then the data (docs/protocol.md, "End-to-end frames").
enum frame_kind : unsigned char { seeker_hello = 1, counsellor_reply = 2, seeker_header = 3, chat_frame = 4 };

std::string text(const boost::json::value& v) { return std::string(v.as_string()); }

std::vector<unsigned char> bytes_of(const boost::json::value& v) { return *c::from_base64(std::string_view(v.as_string())); }

std::string payload(frame_kind kind, std::initializer_list<std::span<const unsigned char>> parts)
{
    std::vector<unsigned char> out{kind};
    for (const auto& part : parts) out.insert(out.end(), part.begin(), part.end());
    return c::to_base64(out);
}

std::uint64_t unix_now()
{
    return static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
}

c::counsellor_bundle parse_bundle(const boost::json::object& b)
{
    c::counsellor_bundle bundle;
    bundle.identity_key = *c::public_key_from(bytes_of(b.at("identity_key")));
    bundle.pseudonym = text(b.at("pseudonym"));
    bundle.cert = *c::decode_certificate(bytes_of(b.at("certificate")));
    bundle.shift_key = *c::public_key_from(bytes_of(b.at("shift_key")));
    bundle.shift_not_after = static_cast<std::uint64_t>(b.at("shift_not_after").as_int64());
    bundle.shift_signature = *c::signature_from(bytes_of(b.at("shift_signature")));
    return bundle;
}

// One side's keys and streams for one epoch.
struct seeker_side {
    std::optional<c::receiving_stream> in;
    std::optional<c::sending_stream> out;
    std::string code;
    std::uint64_t next_seq = 1;
};
struct counsellor_side {
    std::optional<c::receiving_stream> in;
    std::optional<c::sending_stream> out;
    std::string code;
    std::uint64_t next_seq = 1;
};

class EndToEnd : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto keys = dir.path() / "dev-root-key";
        std::string output;
        ASSERT_EQ(admin(dir.path() / "data", {"root-key", "dev-init", keys.string()}, &output), 0) << output;
        std::ifstream pub(keys / "root-key.pub");
        std::string root_text;
        pub >> root_text;
        root = *c::public_key_from(*c::from_base64(root_text));
        root_file = keys / "root-key.secret";
        create_account(dir.path() / "data", "anna", "counsellor", password);
        open_around_the_clock(dir.path() / "data");
        identity.emplace(std::move(*c::generate_signing_keypair()));
        shift.emplace(std::move(*c::generate_dh_keypair()));
    }

    std::unique_ptr<server_process> start_server()
    {
        return std::make_unique<server_process>(dir.path(), std::vector<std::string>{"--dev-root-key-file", root_file.string()});
    }

    // Logs in, uploads the identity key (first time) and goes on duty with a signed shift key.
    std::string counsellor_on_duty(ws_client& client, bool upload_identity)
    {
        client.send_json({{"type", "login_salt"}, {"pseudonym", "anna"}});
        const auto salt = bytes_of(client.receive_json().at("salt"));
        const auto login_keys = c::derive_login_keys(password, salt);
        client.send_json({{"type", "login"}, {"pseudonym", "anna"}, {"auth", c::to_base64(login_keys->auth.span())}});
        const auto ok = receive_type(client, "login_ok", 30s);
        if (upload_identity) {
            const auto wrapped = c::wrap_identity_key(login_keys->wrap.span(), *identity);
            client.send_json({{"type", "identity_key"}, {"public", c::to_base64(identity->pk)}, {"wrapped", c::to_base64(*wrapped)}});
            const auto saved = receive_type(client, "identity_key_saved");
            EXPECT_EQ(saved.at("state"), "certified") << "the development root key certifies at once";
        }
        const auto not_after = unix_now() + 12 * 3600;
        const auto signature = c::sign_shift_key(*identity, shift->pk, not_after);
        client.send_json({{"type", "duty"},
                          {"on", true},
                          {"capacity", 1},
                          {"shift_key", {{"public", c::to_base64(shift->pk)}, {"signature", c::to_base64(signature)}, {"not_after", not_after}}}});
        receive_type(client, "duty");
        return text(ok.at("token"));
    }

    // The whole handshake of one epoch, over the relay; returns both sides ready to talk.
    void handshake(ws_client& seeker, ws_client& counsellor, const std::string& chat, std::uint32_t epoch,
                   const boost::json::object& bundle_json, seeker_side& s, counsellor_side& k)
    {
        const auto sid = *c::session_id_from(*c::from_base64(chat));
        auto started = c::help_seeker_handshake::start(root, parse_bundle(bundle_json), sid, epoch, unix_now(), {});
        ASSERT_TRUE(started) << c::to_string(started.error());
        auto hs = std::move(*started);
        send_frame(seeker, chat, s.next_seq++, payload(seeker_hello, {hs.ephemeral_key()}));

        const auto hello = bytes_of(receive_type(counsellor, "msg").at("payload"));
        ASSERT_EQ(hello.at(0), seeker_hello);
        const c::handshake_params params{sid, epoch, identity->pk, shift->pk};
        auto reply = c::counsellor_respond(params, *shift, *c::public_key_from(std::span(hello).subspan(1)));
        ASSERT_TRUE(reply) << c::to_string(reply.error());
        k.out.emplace(std::move(*c::sending_stream::open(reply->keys, c::direction::counsellor_to_help_seeker)));
        k.code = reply->keys.sas_code();
        send_frame(counsellor, chat, k.next_seq++, payload(counsellor_reply, {reply->e_c, reply->confirm, k.out->header()}));

        const auto answer = bytes_of(receive_type(seeker, "msg").at("payload"));
        ASSERT_EQ(answer.size(), 1u + 32 + 32 + 24);
        const auto e_c = *c::public_key_from(std::span(answer).subspan(1, 32));
        auto keys = hs.finish(e_c, std::span(answer).subspan(33, 32));
        ASSERT_TRUE(keys) << c::to_string(keys.error());
        s.in.emplace(std::move(*c::receiving_stream::open(*keys, c::direction::counsellor_to_help_seeker, std::span(answer).subspan(65))));
        s.out.emplace(std::move(*c::sending_stream::open(*keys, c::direction::help_seeker_to_counsellor)));
        s.code = keys->sas_code();
        send_frame(seeker, chat, s.next_seq++, payload(seeker_header, {s.out->header()}));

        const auto header = bytes_of(receive_type(counsellor, "msg").at("payload"));
        ASSERT_EQ(header.at(0), seeker_header);
        k.in.emplace(std::move(*c::receiving_stream::open(reply->keys, c::direction::help_seeker_to_counsellor, std::span(header).subspan(1))));
        EXPECT_EQ(s.code, k.code) << "both sides show the same verification code";
    }

    // Sends `plaintext` one way and returns what the other side decrypted.
    static std::string through(ws_client& from, c::sending_stream& out, std::uint64_t& seq, ws_client& to,
                               c::receiving_stream& in, const std::string& chat, const std::string& plaintext)
    {
        const auto frame = out.push(plaintext);
        send_frame(from, chat, seq++, payload(chat_frame, {*frame}));
        const auto got = bytes_of(receive_type(to, "msg").at("payload"));
        auto opened = in.pull(std::span(got).subspan(1));
        if (!opened) return "<" + std::string(c::to_string(opened.error())) + ">";
        return opened->plaintext;
    }

    temp_dir dir;
    c::public_key root{};
    std::filesystem::path root_file;
    std::optional<c::signing_keypair> identity;  // the counsellor's, made in SetUp
    std::optional<c::dh_keypair> shift;
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
    const std::string first_words = R"({"type":"message","text":"canary-plaintext-before-restart 7d1f"})";
    const std::string reply_words = R"({"type":"message","text":"canary-plaintext-reply 2b9c"})";
    const std::string later_words = R"({"type":"message","text":"canary-plaintext-after-restart 44ae"})";
    std::string session_token;
    std::string resume_token;
    std::string chat;
    std::string logs;
    {
        auto server = start_server();
        ws_client counsellor(server->port());
        session_token = counsellor_on_duty(counsellor, true);
        ws_client seeker(server->port());
        const auto paired = join(seeker, "support", "sv", false);
        ASSERT_EQ(paired.at("type"), "paired") << paired;
        chat = text(paired.at("chat"));
        resume_token = text(paired.at("token"));
        receive_type(counsellor, "assigned");

        seeker_side s;
        counsellor_side k;
        handshake(seeker, counsellor, chat, 0, paired.at("bundle").as_object(), s, k);
        EXPECT_EQ(through(seeker, *s.out, s.next_seq, counsellor, *k.in, chat, first_words), first_words);
        EXPECT_EQ(through(counsellor, *k.out, k.next_seq, seeker, *s.in, chat, reply_words), reply_words);
        EXPECT_EQ(server->stop(SIGKILL), 128 + SIGKILL);
        logs += server->log();
    }

    auto server = start_server();
    ws_client seeker(server->port());
    seeker.send_json({{"type", "resume"}, {"token", resume_token}, {"last_received", 2}});
    receive_type(seeker, "resumed");
    ws_client counsellor(server->port());
    counsellor_on_duty(counsellor, false);
    const auto assigned = receive_type(counsellor, "assigned");
    const auto epoch = static_cast<std::uint32_t>(assigned.at("epoch").as_int64());
    ASSERT_EQ(epoch, 1u);
    const auto new_epoch = receive_type(seeker, "epoch");
    ASSERT_TRUE(new_epoch.at("bundle").is_object()) << "the new epoch brings the counsellor's bundle again";

    seeker_side s;
    counsellor_side k;
    handshake(seeker, counsellor, chat, epoch, new_epoch.at("bundle").as_object(), s, k);
    EXPECT_EQ(through(seeker, *s.out, s.next_seq, counsellor, *k.in, chat, later_words), later_words);
    EXPECT_EQ(through(counsellor, *k.out, k.next_seq, seeker, *s.in, chat, reply_words), reply_words);
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
    counsellor_on_duty(counsellor, true);
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
