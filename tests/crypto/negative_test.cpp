// One test per bad input of CRYPTO.md, from the negative vectors of protocol_v1.json: each must be
// refused with its own error, and each fails if the check it names is removed.
#include <gtest/gtest.h>

#include <sodium.h>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/secure_stream.hpp"
#include "tillit/crypto/shift_key.hpp"
#include "vectors.hpp"

namespace tillit::test {
namespace {

namespace json = boost::json;
using namespace tillit::crypto;

const json::value& neg(const scenario& s, std::string_view name) { return s.v.at("negative").at(name); }

// The vector's counsellor → help-seeker stream, opened on the help-seeker's side.
receiving_stream help_seeker_rx(const scenario& s, const session_keys& keys)
{
    return receiving_stream::open(keys, direction::counsellor_to_help_seeker,
                                  unhex(s.v.at("streams").at(0).at("header_hex")))
        .value();
}

bytes frame(const scenario& s, std::size_t index) { return unhex(s.v.at("streams").at(0).at("frames").at(index).at("ciphertext_hex")); }

crypto_error start_error(const scenario& s, const counsellor_bundle& bundle, std::uint64_t now, std::span<const unsigned char> revocations,
                         const public_key* root = nullptr)
{
    return help_seeker_handshake::start(root ? *root : s.root.pk, bundle, s.sid, s.epoch, now, revocations, s.e_h()).error();
}

TEST(Negative, TheUntouchedBundleIsAccepted)
{
    const auto s = load_scenario();
    EXPECT_TRUE(verify_bundle(s.root.pk, s.bundle, s.now, s.revocations));
    EXPECT_EQ(start_error(s, s.bundle, s.now, s.revocations), crypto_error{});
}

TEST(Negative, BadCertificateSignature)
{
    const auto s = load_scenario();
    auto bundle = s.bundle;
    bundle.cert = decode_certificate(unhex(neg(s, "bad_certificate_hex"))).value();
    EXPECT_EQ(start_error(s, bundle, s.now, s.revocations), crypto_error::bad_signature);
}

TEST(Negative, CertificateForAnotherPseudonym)
{
    const auto s = load_scenario();
    auto bundle = s.bundle;
    bundle.pseudonym = "kurator.bert";
    EXPECT_EQ(start_error(s, bundle, s.now, {}), crypto_error::bad_signature);
}

TEST(Negative, WrongRootKey)
{
    const auto s = load_scenario();
    const auto other = key_of(neg(s, "wrong_root_public_key_hex"));
    EXPECT_EQ(start_error(s, s.bundle, s.now, {}, &other), crypto_error::bad_signature);
}

TEST(Negative, ExpiredCertificate)
{
    const auto s = load_scenario();
    const auto expired_at = u64(neg(s, "expired_certificate_now"));
    // The certificate check comes first, so the (also expired) shift key does not mask it.
    EXPECT_EQ(verify_certificate(s.root.pk, s.identity.pk, s.bundle.pseudonym, s.bundle.cert, expired_at, nullptr).error(),
              crypto_error::expired);
    EXPECT_TRUE(verify_certificate(s.root.pk, s.identity.pk, s.bundle.pseudonym, s.bundle.cert, expired_at - 1, nullptr));
    EXPECT_EQ(start_error(s, s.bundle, expired_at, {}), crypto_error::expired);
}

TEST(Negative, ExpiredShiftKey)
{
    const auto s = load_scenario();
    const auto expired_at = u64(neg(s, "expired_shift_key_now"));
    EXPECT_EQ(start_error(s, s.bundle, expired_at, s.revocations), crypto_error::expired);
    EXPECT_EQ(start_error(s, s.bundle, expired_at - 1, s.revocations), crypto_error{});
}

TEST(Negative, RevokedIdentityKey)
{
    const auto s = load_scenario();
    EXPECT_EQ(start_error(s, s.bundle, s.now, unhex(neg(s, "revoking_list_blob_hex"))), crypto_error::revoked);
}

TEST(Negative, RevocationListExpiredOrFromAnotherRoot)
{
    const auto s = load_scenario();
    EXPECT_EQ(start_error(s, s.bundle, s.now, unhex(neg(s, "expired_list_blob_hex"))), crypto_error::expired);
    EXPECT_EQ(start_error(s, s.bundle, s.now, unhex(neg(s, "list_by_other_root_blob_hex"))), crypto_error::bad_signature);
    auto tampered = s.revocations;
    tampered[30] ^= 1;
    EXPECT_EQ(start_error(s, s.bundle, s.now, tampered), crypto_error::bad_signature);
    EXPECT_EQ(start_error(s, s.bundle, s.now, bytes(10)), crypto_error::malformed);
}

TEST(Negative, BadShiftKeySignature)
{
    const auto s = load_scenario();
    auto bundle = s.bundle;
    bundle.shift_signature = signature_from(unhex(neg(s, "bad_shift_signature_hex"))).value();
    EXPECT_EQ(start_error(s, bundle, s.now, s.revocations), crypto_error::bad_signature);
    // A shift key the identity key never signed.
    bundle = s.bundle;
    bundle.shift_key = s.e_c().pk;
    EXPECT_EQ(start_error(s, bundle, s.now, s.revocations), crypto_error::bad_signature);
}

TEST(Negative, LowOrderEphemeralFromTheHelpSeeker)
{
    const auto s = load_scenario();
    for (const auto& point : neg(s, "low_order_points_hex").as_array()) {
        SCOPED_TRACE(str(point));
        EXPECT_EQ(counsellor_respond(s.params(), s.shift, key_of(point), s.e_c()).error(), crypto_error::low_order_point);
    }
}

TEST(Negative, LowOrderEphemeralFromTheCounsellor)
{
    const auto s = load_scenario();
    const auto confirm = unhex(s.v.at("handshake").at("confirm_hex"));
    for (const auto& point : neg(s, "low_order_points_hex").as_array()) {
        SCOPED_TRACE(str(point));
        auto hs = help_seeker_handshake::start(s.root.pk, s.bundle, s.sid, s.epoch, s.now, s.revocations, s.e_h()).value();
        EXPECT_EQ(hs.finish(key_of(point), confirm).error(), crypto_error::low_order_point);
    }
}

TEST(Negative, BadKeyConfirmation)
{
    const auto s = load_scenario();
    auto hs = help_seeker_handshake::start(s.root.pk, s.bundle, s.sid, s.epoch, s.now, s.revocations, s.e_h()).value();
    EXPECT_EQ(hs.finish(s.e_c().pk, unhex(neg(s, "bad_confirm_hex"))).error(), crypto_error::bad_confirmation);
}

TEST(Negative, ConfirmationOfAnotherEpochIsRefused)
{
    // A server that replays an old epoch's e_C and confirm cannot make the help-seeker accept it.
    const auto s = load_scenario();
    auto hs = help_seeker_handshake::start(s.root.pk, s.bundle, s.sid, s.epoch + 1, s.now, s.revocations, s.e_h()).value();
    EXPECT_EQ(hs.finish(s.e_c().pk, unhex(s.v.at("handshake").at("confirm_hex"))).error(), crypto_error::bad_confirmation);
}

TEST(Negative, FlippedBitInACiphertext)
{
    const auto s = load_scenario();
    auto rx = help_seeker_rx(s, s.help_seeker_keys());
    EXPECT_EQ(rx.pull(unhex(neg(s, "flipped_frame_hex"))).error(), crypto_error::frame_rejected);
    // The stream is dead: not even the genuine frame goes through now.
    EXPECT_EQ(rx.pull(frame(s, 0)).error(), crypto_error::stream_closed);
}

TEST(Negative, FrameBoundToTranscriptAndDirection)
{
    const auto s = load_scenario();
    const auto keys = s.help_seeker_keys();
    // Same stream key, another transcript hash: the associated data differs.
    session_keys other_th{keys.th, secure_buffer(32), secure_buffer(32), secure_buffer(32), secure_buffer(32)};
    other_th.th[0] ^= 1;
    std::copy(keys.k_ch.span().begin(), keys.k_ch.span().end(), other_th.k_ch.data());
    auto rx = help_seeker_rx(s, other_th);
    EXPECT_EQ(rx.pull(frame(s, 0)).error(), crypto_error::frame_rejected);
    // Same key and th, other direction byte.
    session_keys swapped{keys.th, secure_buffer(32), secure_buffer(32), secure_buffer(32), secure_buffer(32)};
    std::copy(keys.k_ch.span().begin(), keys.k_ch.span().end(), swapped.k_hc.data());
    auto wrong_way = receiving_stream::open(swapped, direction::help_seeker_to_counsellor,
                                            unhex(s.v.at("streams").at(0).at("header_hex")))
                         .value();
    EXPECT_EQ(wrong_way.pull(frame(s, 0)).error(), crypto_error::frame_rejected);
}

TEST(Negative, ReplayedFrame)
{
    const auto s = load_scenario();
    auto rx = help_seeker_rx(s, s.help_seeker_keys());
    ASSERT_TRUE(rx.pull(frame(s, 0)));
    EXPECT_EQ(rx.pull(frame(s, 0)).error(), crypto_error::frame_rejected);
}

TEST(Negative, ReorderedFrames)
{
    const auto s = load_scenario();
    auto rx = help_seeker_rx(s, s.help_seeker_keys());
    EXPECT_EQ(rx.pull(frame(s, 1)).error(), crypto_error::frame_rejected);
}

TEST(Negative, DroppedFrame)
{
    const auto s = load_scenario();
    auto rx = help_seeker_rx(s, s.help_seeker_keys());
    ASSERT_TRUE(rx.pull(frame(s, 0)));
    EXPECT_EQ(rx.pull(frame(s, 2)).error(), crypto_error::frame_rejected);
}

TEST(Negative, MissingFinalTagIsTruncation)
{
    const auto s = load_scenario();
    const auto keys = s.help_seeker_keys();
    const auto count = s.v.at("streams").at(0).at("frames").as_array().size();
    auto rx = help_seeker_rx(s, keys);
    for (std::size_t i = 0; i + 1 < count; ++i) ASSERT_FALSE(rx.pull(frame(s, i))->final);
    EXPECT_EQ(rx.close().error(), crypto_error::truncated);

    auto complete = help_seeker_rx(s, keys);
    for (std::size_t i = 0; i < count; ++i) ASSERT_TRUE(complete.pull(frame(s, i)));
    EXPECT_TRUE(complete.close());
    // Nothing after the final frame.
    EXPECT_EQ(complete.pull(frame(s, 0)).error(), crypto_error::stream_closed);
}

TEST(Negative, WrongPadding)
{
    const auto s = load_scenario();
    const auto keys = s.help_seeker_keys();
    for (const auto* name : {"unpadded_frame_hex", "bad_pad_block_frame_hex"}) {
        SCOPED_TRACE(name);
        auto rx = help_seeker_rx(s, keys);
        EXPECT_EQ(rx.pull(unhex(neg(s, name))).error(), crypto_error::bad_padding);
    }
}

TEST(Negative, TagWithoutRekeyIsRefused)
{
    // A frame pushed with TAG_MESSAGE would keep its key: version 1 requires REKEY or FINAL.
    const auto s = load_scenario();
    const auto keys = s.help_seeker_keys();
    const auto header = unhex(s.v.at("streams").at(0).at("header_hex"));
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_pull(&st, header.data(), keys.k_ch.data());
    std::array<unsigned char, 256> padded{};
    std::size_t padded_size = 0;
    ASSERT_EQ(sodium_pad(&padded_size, padded.data(), 2, 256, padded.size()), 0);
    padded[0] = '{';
    padded[1] = '}';
    std::array<unsigned char, 33> ad{};
    std::copy(keys.th.begin(), keys.th.end(), ad.begin());
    ad[32] = 0x02;
    bytes frame_bytes(padded_size + frame_overhead);
    crypto_secretstream_xchacha20poly1305_push(&st, frame_bytes.data(), nullptr, padded.data(), padded_size, ad.data(), ad.size(),
                                               crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
    auto rx = help_seeker_rx(s, keys);
    EXPECT_EQ(rx.pull(frame_bytes).error(), crypto_error::frame_rejected);
}

TEST(Negative, OversizedAndUndersizedFrames)
{
    const auto s = load_scenario();
    const auto keys = s.help_seeker_keys();
    auto big = help_seeker_rx(s, keys);
    EXPECT_EQ(big.pull(bytes(max_frame_bytes + 1)).error(), crypto_error::too_large);
    auto small = help_seeker_rx(s, keys);
    EXPECT_EQ(small.pull(bytes(frame_overhead - 1)).error(), crypto_error::frame_rejected);
    auto empty = help_seeker_rx(s, keys);
    EXPECT_EQ(empty.pull({}).error(), crypto_error::frame_rejected);
}

} // namespace
} // namespace tillit::test
