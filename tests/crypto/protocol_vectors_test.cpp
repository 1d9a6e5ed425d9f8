// The C++ side reproduces every derivation in tests/vectors/protocol_v1.json, re-creates and
// decrypts its ciphertexts, and decrypts what the TypeScript side wrote (protocol_v1_from_ts.json).
#include <gtest/gtest.h>

#include <sodium.h>

#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/fingerprint.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/secure_stream.hpp"
#include "tillit/crypto/shift_key.hpp"
#include "vectors.hpp"

namespace tillit::test {
namespace {

namespace json = boost::json;
using namespace tillit::crypto;

direction direction_of(const json::value& stream)
{
    return str(stream.at("direction")) == "help_seeker_to_counsellor" ? direction::help_seeker_to_counsellor
                                                                       : direction::counsellor_to_help_seeker;
}

// Decrypts every frame of a stream vector in order and checks plaintexts, tags and the orderly end.
void expect_stream_decrypts(const session_keys& keys, const json::value& stream)
{
    const auto dir = direction_of(stream);
    EXPECT_EQ(u64(stream.at("direction_byte")), static_cast<std::uint64_t>(dir));
    auto rx = receiving_stream::open(keys, dir, unhex(stream.at("header_hex")));
    ASSERT_TRUE(rx);
    const auto& frames = stream.at("frames").as_array();
    ASSERT_GE(frames.size(), 2U);
    for (const auto& frame : frames) {
        const auto ciphertext = unhex(frame.at("ciphertext_hex"));
        EXPECT_EQ(ciphertext.size() % padding_block, frame_overhead) << "padded to 256-byte blocks";
        auto got = rx->pull(ciphertext);
        ASSERT_TRUE(got) << to_string(got.error());
        EXPECT_EQ(got->plaintext, str(frame.at("plaintext")));
        EXPECT_EQ(got->final, frame.at("final").as_bool());
    }
    EXPECT_TRUE(rx->close());
}

TEST(ProtocolVectors, KeysFromSeedsMatchThePublicKeys)
{
    const auto s = load_scenario();
    EXPECT_EQ(hex(s.root.pk), str(s.v.at("root").at("public_key_hex")));
    EXPECT_EQ(hex(s.identity.pk), str(s.v.at("identity").at("public_key_hex")));
    EXPECT_EQ(hex(s.shift.pk), str(s.v.at("shift_key").at("public_key_hex")));
    EXPECT_EQ(hex(s.e_h().pk), str(s.v.at("handshake").at("e_h_public_hex")));
    EXPECT_EQ(hex(s.e_c().pk), str(s.v.at("handshake").at("e_c_public_hex")));
}

TEST(ProtocolVectors, RootFingerprint)
{
    const auto s = load_scenario();
    EXPECT_EQ(root_fingerprint(s.root.pk), str(s.v.at("root").at("fingerprint")));
}

TEST(ProtocolVectors, CertificateBytesAndSignature)
{
    const auto s = load_scenario();
    const auto& id = s.v.at("identity");
    const auto not_after = u64(id.at("not_after"));
    EXPECT_EQ(hex(certificate_message(s.identity.pk, str(id.at("pseudonym")), not_after).value()),
              str(id.at("certificate_message_hex")));
    // Ed25519 is deterministic: the same root and message give the same certificate.
    const auto cert = make_certificate(s.root, s.identity.pk, str(id.at("pseudonym")), not_after).value();
    EXPECT_EQ(hex(encode_certificate(cert)), str(id.at("certificate_hex")));
    EXPECT_TRUE(verify_certificate(s.root.pk, s.identity.pk, s.bundle.pseudonym, s.bundle.cert, s.now, nullptr));
}

TEST(ProtocolVectors, ShiftKeyMessageAndSignature)
{
    const auto s = load_scenario();
    const auto& spk = s.v.at("shift_key");
    EXPECT_EQ(hex(shift_key_message(s.shift.pk, u64(spk.at("not_after")))), str(spk.at("message_hex")));
    EXPECT_EQ(hex(sign_shift_key(s.identity, s.shift.pk, u64(spk.at("not_after")))), str(spk.at("signature_hex")));
}

TEST(ProtocolVectors, RevocationListBytesAndContents)
{
    const auto s = load_scenario();
    const auto& r = s.v.at("revocations");
    revocation_list list{u64(r.at("issued_at")), u64(r.at("not_after")), {}};
    for (const auto& key : r.at("revoked_hex").as_array()) list.revoked.push_back(key_of(key));
    EXPECT_EQ(hex(sign_revocation_list(s.root, list).value()), str(r.at("blob_hex")));
    const auto opened = open_revocation_list(s.root.pk, s.revocations, s.now);
    ASSERT_TRUE(opened);
    EXPECT_EQ(opened->revoked, list.revoked);
    EXPECT_FALSE(opened->contains(s.identity.pk));
}

TEST(ProtocolVectors, TranscriptRootAndSubkeysOnBothSides)
{
    const auto s = load_scenario();
    const auto& h = s.v.at("handshake");
    const auto e_h = s.e_h();
    const auto e_c = s.e_c();
    EXPECT_EQ(hex(make_transcript_hash(s.params(), e_h.pk, e_c.pk)), str(h.at("th_hex")));

    // dh and root, step by step with raw libsodium, as CRYPTO.md writes them.
    std::array<unsigned char, 64> dh{};
    ASSERT_EQ(crypto_scalarmult(dh.data(), e_h.sk.data(), e_c.pk.data()), 0);
    ASSERT_EQ(crypto_scalarmult(dh.data() + 32, e_h.sk.data(), s.shift.pk.data()), 0);
    EXPECT_EQ(hex(dh), str(h.at("dh_hex")));
    const auto th = unhex(h.at("th_hex"));
    std::array<unsigned char, 32> root{};
    crypto_generichash(root.data(), root.size(), dh.data(), dh.size(), th.data(), th.size());
    EXPECT_EQ(hex(root), str(h.at("root_hex")));
    std::array<unsigned char, 32> sub{};
    crypto_kdf_derive_from_key(sub.data(), sub.size(), 1, "tillitv1", root.data());
    EXPECT_EQ(hex(sub), str(h.at("k_hc_hex")));

    for (const auto* side : {"counsellor", "help-seeker"}) {
        SCOPED_TRACE(side);
        const auto keys = std::string_view(side) == "counsellor" ? s.counsellor_keys() : s.help_seeker_keys();
        EXPECT_EQ(hex(keys.th), str(h.at("th_hex")));
        EXPECT_EQ(hex(keys.k_hc.span()), str(h.at("k_hc_hex")));
        EXPECT_EQ(hex(keys.k_ch.span()), str(h.at("k_ch_hex")));
        EXPECT_EQ(hex(keys.k_conf.span()), str(h.at("k_conf_hex")));
        EXPECT_EQ(hex(keys.k_sas.span()), str(h.at("k_sas_hex")));
        EXPECT_EQ(hex(keys.confirm()), str(h.at("confirm_hex")));
        EXPECT_EQ(keys.sas_code(), str(h.at("sas")));
    }
    const auto reply = counsellor_respond(s.params(), s.shift, e_h.pk, e_c).value();
    EXPECT_EQ(hex(reply.confirm), str(h.at("confirm_hex")));
}

TEST(ProtocolVectors, StreamsReproduceTheCiphertextsByteForByte)
{
    const auto s = load_scenario();
    const auto keys = s.counsellor_keys();
    for (const auto& stream : s.v.at("streams").as_array()) {
        stream_header header{};
        const auto h = unhex(stream.at("header_hex"));
        std::copy(h.begin(), h.end(), header.begin());
        auto tx = sending_stream::open_with_header_for_vectors(keys, direction_of(stream), header).value();
        for (const auto& frame : stream.at("frames").as_array()) {
            const auto text = str(frame.at("plaintext"));
            auto out = frame.at("final").as_bool() ? tx.push_final(text) : tx.push(text);
            ASSERT_TRUE(out);
            EXPECT_EQ(hex(*out), str(frame.at("ciphertext_hex")));
        }
    }
}

TEST(ProtocolVectors, StreamsDecryptOnTheReceivingSide)
{
    const auto s = load_scenario();
    const auto counsellor = s.counsellor_keys();
    const auto help_seeker = s.help_seeker_keys();
    for (const auto& stream : s.v.at("streams").as_array()) {
        // Each side decrypts what the other sent.
        expect_stream_decrypts(direction_of(stream) == direction::help_seeker_to_counsellor ? counsellor : help_seeker, stream);
    }
}

TEST(ProtocolVectors, IdentityKeyUnwraps)
{
    const auto s = load_scenario();
    const auto& w = s.v.at("identity_wrap");
    const auto ik = unwrap_identity_key(unhex(w.at("wrap_hex")), unhex(w.at("blob_hex")), s.identity.pk);
    ASSERT_TRUE(ik);
    EXPECT_EQ(ik->pk, s.identity.pk);
}

TEST(ProtocolVectorsFromTypeScript, SameDerivationsAsCpp)
{
    const auto s = load_scenario();
    const auto ts = load_vectors("protocol_v1_from_ts.json");
    const auto& h = ts.at("handshake");
    const auto keys = s.counsellor_keys();
    EXPECT_EQ(str(h.at("th_hex")), hex(keys.th));
    EXPECT_EQ(str(h.at("k_hc_hex")), hex(keys.k_hc.span()));
    EXPECT_EQ(str(h.at("k_ch_hex")), hex(keys.k_ch.span()));
    EXPECT_EQ(str(h.at("confirm_hex")), hex(keys.confirm()));
    EXPECT_EQ(str(h.at("sas")), keys.sas_code());
    EXPECT_EQ(str(ts.at("root_fingerprint")), root_fingerprint(s.root.pk));
    const auto cert = decode_certificate(unhex(ts.at("certificate_hex"))).value();
    EXPECT_TRUE(verify_certificate(s.root.pk, s.identity.pk, s.bundle.pseudonym, cert, s.now, nullptr));
    const auto spk_sig = signature_from(unhex(ts.at("shift_signature_hex"))).value();
    EXPECT_TRUE(verify_shift_key(s.identity.pk, s.shift.pk, s.bundle.shift_not_after, spk_sig, s.now));
    EXPECT_TRUE(open_revocation_list(s.root.pk, unhex(ts.at("revocations_blob_hex")), s.now));
}

TEST(ProtocolVectorsFromTypeScript, CiphertextsDecrypt)
{
    const auto s = load_scenario();
    const auto ts = load_vectors("protocol_v1_from_ts.json");
    const auto counsellor = s.counsellor_keys();
    const auto help_seeker = s.help_seeker_keys();
    const auto& streams = ts.at("streams").as_array();
    ASSERT_EQ(streams.size(), 2U);
    for (const auto& stream : streams)
        expect_stream_decrypts(direction_of(stream) == direction::help_seeker_to_counsellor ? counsellor : help_seeker, stream);
}

TEST(ProtocolVectorsFromTypeScript, WrappedIdentityKeyUnwraps)
{
    const auto s = load_scenario();
    const auto ts = load_vectors("protocol_v1_from_ts.json");
    const auto& w = ts.at("identity_wrap");
    const auto ik = unwrap_identity_key(unhex(w.at("wrap_hex")), unhex(w.at("blob_hex")), s.identity.pk);
    ASSERT_TRUE(ik) << to_string(ik.error());
}

} // namespace
} // namespace tillit::test
