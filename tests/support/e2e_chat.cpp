// e2e_chat: the handshake and the streams of CRYPTO.md driven over the real relay.
#include "support/e2e_chat.hpp"

#include <fstream>

#include <gtest/gtest.h>

#include "support/chat_clients.hpp"
#include "support/staff_login.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/login_keys.hpp"
#include "tillit/crypto/shift_key.hpp"

namespace tillit::test {

namespace c = tillit::crypto;

namespace {
std::string text(const boost::json::value& v) { return std::string(v.as_string()); }
} // namespace

std::vector<unsigned char> bytes_of(const boost::json::value& v) { return *c::from_base64(std::string_view(v.as_string())); }

std::string e2e_payload(frame_kind kind, std::initializer_list<std::span<const unsigned char>> parts)
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

e2e_chat::e2e_chat(const std::filesystem::path& dir, std::string pseudonym, std::string password)
    : pseudonym_(std::move(pseudonym)), password_(std::move(password))
{
    const auto keys = dir / "dev-root-key";
    std::string output;
    if (admin(dir / "data", {"root-key", "dev-init", keys.string()}, &output) != 0)
        throw std::runtime_error("root-key dev-init failed: " + output);
    std::ifstream pub(keys / "root-key.pub");
    std::string root_text;
    pub >> root_text;
    root_ = *c::public_key_from(*c::from_base64(root_text));
    root_file_ = keys / "root-key.secret";
    create_account(dir / "data", pseudonym_, "counsellor", password_);
    open_around_the_clock(dir / "data");
    identity_.emplace(std::move(*c::generate_signing_keypair()));
    shift_.emplace(std::move(*c::generate_dh_keypair()));
}

std::vector<std::string> e2e_chat::server_args() const { return {"--dev-root-key-file", root_file_.string()}; }

std::string e2e_chat::counsellor_on_duty(ws_client& client, bool upload_identity)
{
    client.send_json({{"type", "login_salt"}, {"pseudonym", pseudonym_}});
    const auto salt = bytes_of(client.receive_json().at("salt"));
    const auto login_keys = c::derive_login_keys(password_, salt);
    client.send_json({{"type", "login"}, {"pseudonym", pseudonym_}, {"auth", c::to_base64(login_keys->auth.span())}});
    const auto ok = receive_type(client, "login_ok", 30s);
    if (upload_identity) {
        const auto wrapped = c::wrap_identity_key(login_keys->wrap.span(), *identity_);
        client.send_json({{"type", "identity_key"}, {"public", c::to_base64(identity_->pk)}, {"wrapped", c::to_base64(*wrapped)}});
        const auto saved = receive_type(client, "identity_key_saved");
        EXPECT_EQ(saved.at("state"), "certified") << "the development root key certifies at once";
    }
    client.send_json(duty_message(1));
    receive_type(client, "duty");
    return text(ok.at("token"));
}

boost::json::object e2e_chat::duty_message(unsigned capacity) const
{
    const auto not_after = unix_now() + 12 * 3600;
    const auto signature = c::sign_shift_key(*identity_, shift_->pk, not_after);
    return {{"type", "duty"},
            {"on", true},
            {"capacity", capacity},
            {"shift_key", {{"public", c::to_base64(shift_->pk)}, {"signature", c::to_base64(signature)}, {"not_after", not_after}}}};
}

void e2e_chat::handshake(ws_client& seeker, ws_client& counsellor, const std::string& chat, std::uint32_t epoch,
                         const boost::json::object& bundle_json, e2e_side& s, e2e_side& k)
{
    const auto sid = *c::session_id_from(*c::from_base64(chat));
    auto started = c::help_seeker_handshake::start(root_, parse_bundle(bundle_json), sid, epoch, unix_now(), {});
    ASSERT_TRUE(started) << c::to_string(started.error());
    auto hs = std::move(*started);
    send_frame(seeker, chat, s.next_seq++, e2e_payload(seeker_hello, {hs.ephemeral_key()}));

    const auto hello = bytes_of(receive_type(counsellor, "msg").at("payload"));
    ASSERT_EQ(hello.at(0), seeker_hello);
    const c::handshake_params params{sid, epoch, identity_->pk, shift_->pk};
    auto reply = c::counsellor_respond(params, *shift_, *c::public_key_from(std::span(hello).subspan(1)));
    ASSERT_TRUE(reply) << c::to_string(reply.error());
    k.out.emplace(std::move(*c::sending_stream::open(reply->keys, c::direction::counsellor_to_help_seeker)));
    k.code = reply->keys.sas_code();
    send_frame(counsellor, chat, k.next_seq++, e2e_payload(counsellor_reply, {reply->e_c, reply->confirm, k.out->header()}));

    const auto answer = bytes_of(receive_type(seeker, "msg").at("payload"));
    ASSERT_EQ(answer.size(), 1u + 32 + 32 + 24);
    const auto e_c = *c::public_key_from(std::span(answer).subspan(1, 32));
    auto keys = hs.finish(e_c, std::span(answer).subspan(33, 32));
    ASSERT_TRUE(keys) << c::to_string(keys.error());
    s.in.emplace(std::move(*c::receiving_stream::open(*keys, c::direction::counsellor_to_help_seeker, std::span(answer).subspan(65))));
    s.out.emplace(std::move(*c::sending_stream::open(*keys, c::direction::help_seeker_to_counsellor)));
    s.code = keys->sas_code();
    send_frame(seeker, chat, s.next_seq++, e2e_payload(seeker_header, {s.out->header()}));

    const auto header = bytes_of(receive_type(counsellor, "msg").at("payload"));
    ASSERT_EQ(header.at(0), seeker_header);
    k.in.emplace(std::move(*c::receiving_stream::open(reply->keys, c::direction::help_seeker_to_counsellor, std::span(header).subspan(1))));
    EXPECT_EQ(s.code, k.code) << "both sides show the same verification code";
}

std::string e2e_chat::through(ws_client& from, e2e_side& sender, ws_client& to, e2e_side& receiver,
                              const std::string& chat, const std::string& plaintext)
{
    const auto frame = sender.out->push(plaintext);
    send_frame(from, chat, sender.next_seq++, e2e_payload(chat_frame, {*frame}));
    const auto got = bytes_of(receive_type(to, "msg").at("payload"));
    auto opened = receiver.in->pull(std::span(got).subspan(1));
    if (!opened) return "<" + std::string(c::to_string(opened.error())) + ">";
    return opened->plaintext;
}

} // namespace tillit::test
