// End-to-end use of tillit::crypto with fresh random keys: a handshake, messages both ways, a new
// epoch, limits, identity-key wrapping, revocation lists and the fingerprint's form.
#include <gtest/gtest.h>

#include <regex>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/fingerprint.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/secure_stream.hpp"
#include "tillit/crypto/shift_key.hpp"

namespace tillit::test {
namespace {

using namespace tillit::crypto;

constexpr std::uint64_t now = 1'800'000'000;

struct centre {
    signing_keypair root = generate_signing_keypair().value();
    signing_keypair identity = generate_signing_keypair().value();
    dh_keypair shift = generate_dh_keypair().value();
    counsellor_bundle bundle{identity.pk, "kurator.sara", make_certificate(root, identity.pk, "kurator.sara", now + 86400).value(),
                             shift.pk, now + 3600, sign_shift_key(identity, shift.pk, now + 3600)};
};

struct chat {
    session_keys help_seeker;
    session_keys counsellor;
};

chat handshake(const centre& c, const session_id& sid, std::uint32_t epoch)
{
    auto hs = help_seeker_handshake::start(c.root.pk, c.bundle, sid, epoch, now, {}).value();
    auto reply = counsellor_respond({sid, epoch, c.identity.pk, c.shift.pk}, c.shift, hs.ephemeral_key()).value();
    auto keys = hs.finish(reply.e_c, reply.confirm).value();
    return {std::move(keys), std::move(reply.keys)};
}

TEST(RoundTrip, HandshakeGivesBothSidesTheSameKeysAndCode)
{
    const centre c;
    const auto t = handshake(c, session_id{1, 2, 3}, 0);
    EXPECT_EQ(t.help_seeker.th, t.counsellor.th);
    EXPECT_TRUE(t.help_seeker.k_hc.equals(t.counsellor.k_hc.span()));
    EXPECT_TRUE(t.help_seeker.k_ch.equals(t.counsellor.k_ch.span()));
    EXPECT_FALSE(t.help_seeker.k_hc.equals(t.help_seeker.k_ch.span()));
    EXPECT_EQ(t.help_seeker.sas_code(), t.counsellor.sas_code());
    EXPECT_TRUE(std::regex_match(t.help_seeker.sas_code(), std::regex("[0-9]{6}")));
}

TEST(RoundTrip, MessagesBothWaysAndAnOrderlyEnd)
{
    const centre c;
    const auto t = handshake(c, session_id{9}, 0);
    auto to_c = sending_stream::open(t.help_seeker, direction::help_seeker_to_counsellor).value();
    auto to_h = sending_stream::open(t.counsellor, direction::counsellor_to_help_seeker).value();
    auto at_c = receiving_stream::open(t.counsellor, direction::help_seeker_to_counsellor, to_c.header()).value();
    auto at_h = receiving_stream::open(t.help_seeker, direction::counsellor_to_help_seeker, to_h.header()).value();

    const std::string longest(max_plaintext_bytes, 'z');
    for (const std::string& text : {std::string(R"({"type":"message","text":"hej"})"), std::string(), longest}) {
        const auto frame = to_c.push(text).value();
        EXPECT_EQ(frame.size() % padding_block, frame_overhead);
        EXPECT_LE(frame.size(), max_frame_bytes);
        EXPECT_EQ(at_c.pull(frame)->plaintext, text);
        EXPECT_EQ(at_h.pull(to_h.push(text).value())->plaintext, text);
    }
    // Lengths within one 256-byte block look the same on the wire.
    EXPECT_EQ(to_c.push("a").value().size(), to_c.push(std::string(200, 'b')).value().size());
    EXPECT_EQ(to_c.push(std::string(max_plaintext_bytes + 1, 'z')).error(), crypto_error::too_large);

    const auto last = to_h.push_final(R"({"type":"end"})").value();
    EXPECT_EQ(to_h.push("{}").error(), crypto_error::stream_closed);
    const auto got = at_h.pull(last).value();
    EXPECT_TRUE(got.final);
    EXPECT_TRUE(at_h.close());
}

TEST(RoundTrip, ANewEpochHasNewKeys)
{
    const centre c;
    const session_id sid{7, 7, 7};
    const auto first = handshake(c, sid, 0);
    const auto second = handshake(c, sid, 1);
    EXPECT_NE(first.counsellor.th, second.counsellor.th);
    EXPECT_FALSE(first.counsellor.k_ch.equals(second.counsellor.k_ch.span()));
    // A frame of the old epoch does not open in the new one.
    auto tx = sending_stream::open(first.counsellor, direction::counsellor_to_help_seeker).value();
    auto rx = receiving_stream::open(second.help_seeker, direction::counsellor_to_help_seeker, tx.header()).value();
    EXPECT_EQ(rx.pull(tx.push("{}").value()).error(), crypto_error::frame_rejected);
}

TEST(RoundTrip, FinishTwiceIsRefused)
{
    const centre c;
    auto hs = help_seeker_handshake::start(c.root.pk, c.bundle, session_id{}, 0, now, {}).value();
    auto reply = counsellor_respond({session_id{}, 0, c.identity.pk, c.shift.pk}, c.shift, hs.ephemeral_key()).value();
    ASSERT_TRUE(hs.finish(reply.e_c, reply.confirm));
    EXPECT_EQ(hs.finish(reply.e_c, reply.confirm).error(), crypto_error::stream_closed);
}

TEST(RoundTrip, IdentityKeyWrapping)
{
    const auto ik = generate_signing_keypair().value();
    const std::vector<unsigned char> wrap(32, 0x42);
    const auto blob = wrap_identity_key(wrap, ik).value();
    EXPECT_EQ(blob.size(), wrapped_identity_key_bytes);
    EXPECT_EQ(unwrap_identity_key(wrap, blob, ik.pk)->pk, ik.pk);
    EXPECT_NE(wrap_identity_key(wrap, ik).value(), blob) << "a fresh nonce each time";
    EXPECT_EQ(unwrap_identity_key(std::vector<unsigned char>(32, 0x43), blob, ik.pk).error(), crypto_error::unwrap_failed);
    EXPECT_EQ(unwrap_identity_key(wrap, blob, generate_signing_keypair()->pk).error(), crypto_error::unwrap_failed);
    auto altered = blob;
    altered.back() ^= 1;
    EXPECT_EQ(unwrap_identity_key(wrap, altered, ik.pk).error(), crypto_error::unwrap_failed);
    EXPECT_EQ(unwrap_identity_key(wrap, std::vector<unsigned char>(10), ik.pk).error(), crypto_error::malformed);
    EXPECT_EQ(wrap_identity_key(std::vector<unsigned char>(31), ik).error(), crypto_error::malformed);
}

TEST(RoundTrip, RevocationListRoundTripAndLimits)
{
    const auto root = generate_signing_keypair().value();
    const auto ik = generate_signing_keypair().value();
    const auto blob = sign_revocation_list(root, {now, now + 10, {ik.pk}}).value();
    EXPECT_TRUE(open_revocation_list(root.pk, blob, now + 9)->contains(ik.pk));
    EXPECT_EQ(open_revocation_list(root.pk, blob, now + 10).error(), crypto_error::expired);
    EXPECT_TRUE(open_revocation_list_ignoring_expiry(root.pk, blob));
    EXPECT_EQ(sign_revocation_list(root, {now, now, std::vector<public_key>(max_revoked_keys + 1)}).error(), crypto_error::too_large);
}

TEST(RoundTrip, CertificateInputsAreChecked)
{
    const auto root = generate_signing_keypair().value();
    EXPECT_EQ(make_certificate(root, root.pk, "", now).error(), crypto_error::malformed);
    EXPECT_EQ(make_certificate(root, root.pk, std::string(max_pseudonym_bytes + 1, 'a'), now).error(), crypto_error::malformed);
    EXPECT_EQ(decode_certificate(std::vector<unsigned char>(71)).error(), crypto_error::malformed);
    EXPECT_EQ(public_key_from(std::vector<unsigned char>(31)).error(), crypto_error::malformed);
    EXPECT_EQ(receiving_stream::open(handshake(centre{}, {}, 0).counsellor, direction::counsellor_to_help_seeker,
                                     std::vector<unsigned char>(23))
                  .error(),
              crypto_error::malformed);
}

TEST(RoundTrip, FingerprintIsSixteenGroupsOfFourHexDigits)
{
    const auto root = generate_signing_keypair().value();
    const auto fp = root_fingerprint(root.pk);
    EXPECT_TRUE(std::regex_match(fp, std::regex("([0-9a-f]{4} ){15}[0-9a-f]{4}"))) << fp;
    EXPECT_NE(fp, root_fingerprint(generate_signing_keypair()->pk));
}

} // namespace
} // namespace tillit::test
