// make_vectors: writes tests/vectors/protocol_v1.json from fixed seeds (built, not run by ctest).
//   tillit_make_vectors [OUTPUT]   (default: the source tree's tests/vectors/protocol_v1.json)
// Every derivation is written twice over: by tillit::crypto and, for dh/root, by raw libsodium,
// so a reader can follow each step. Stream headers are fixed too, so both languages can
// reproduce the ciphertexts byte for byte.
#include <array>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json.hpp>
#include <sodium.h>

#include "json_pretty.hpp"
#include "vector_writing.hpp"
#include "tillit/crypto/bundle.hpp"
#include "tillit/crypto/certificate.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/fingerprint.hpp"
#include "tillit/crypto/handshake.hpp"
#include "tillit/crypto/identity_wrap.hpp"
#include "tillit/crypto/revocation_list.hpp"
#include "tillit/crypto/secure_stream.hpp"
#include "tillit/crypto/shift_key.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace json = boost::json;
using namespace tillit::crypto;

namespace {

using tillit::vectors::bytes;
using tillit::vectors::hex;
using tillit::vectors::seed;

template <class T>
T must(result<T> r, std::string_view what)
{
    return tillit::vectors::must(std::move(r), "make_vectors", what);
}

bytes flip(std::span<const unsigned char> in, std::size_t index)
{
    bytes out(in.begin(), in.end());
    out.at(index) ^= 0x01;
    return out;
}

stream_header fixed_header(unsigned char first)
{
    stream_header h{};
    for (std::size_t i = 0; i < h.size(); ++i) h[i] = static_cast<unsigned char>(first + i);
    return h;
}

// A frame that authenticates but whose plaintext is not padded as version 1 says: made with raw
// secretstream, which the library does not allow.
bytes raw_frame(const session_keys& keys, direction dir, const stream_header& header, std::string_view plaintext)
{
    crypto_secretstream_xchacha20poly1305_state st;
    const auto& key = dir == direction::help_seeker_to_counsellor ? keys.k_hc : keys.k_ch;
    crypto_secretstream_xchacha20poly1305_init_pull(&st, header.data(), key.data());
    std::array<unsigned char, 33> ad{};
    std::copy(keys.th.begin(), keys.th.end(), ad.begin());
    ad[32] = static_cast<unsigned char>(dir);
    bytes frame(plaintext.size() + crypto_secretstream_xchacha20poly1305_ABYTES);
    crypto_secretstream_xchacha20poly1305_push(&st, frame.data(), nullptr, reinterpret_cast<const unsigned char*>(plaintext.data()),
                                               plaintext.size(), ad.data(), ad.size(),
                                               crypto_secretstream_xchacha20poly1305_TAG_REKEY);
    sodium_memzero(&st, sizeof st);
    return frame;
}

json::object stream_vector(const session_keys& keys, direction dir, const stream_header& header,
                           const std::vector<std::string>& messages)
{
    auto s = must(sending_stream::open_with_header_for_vectors(keys, dir, header), "open stream");
    json::array frames;
    for (std::size_t i = 0; i < messages.size(); ++i) {
        const bool last = i + 1 == messages.size();
        auto frame = must(last ? s.push_final(messages[i]) : s.push(messages[i]), "push");
        frames.push_back(json::object{{"plaintext", messages[i]}, {"final", last}, {"ciphertext_hex", hex(frame)}});
    }
    return json::object{{"direction", dir == direction::help_seeker_to_counsellor ? "help_seeker_to_counsellor"
                                                                                   : "counsellor_to_help_seeker"},
                        {"direction_byte", static_cast<int>(dir)},
                        {"header_hex", hex(header)},
                        {"frames", std::move(frames)}};
}

} // namespace

int main(int argc, char** argv)
{
    ensure_sodium();
    const std::string output = argc > 1 ? argv[1] : TILLIT_VECTORS_DIR "/protocol_v1.json";

    constexpr std::uint64_t now = 1767225600;                // 2026-01-01T00:00:00Z
    constexpr std::uint64_t cert_not_after = now + 30 * 86400;
    constexpr std::uint64_t spk_not_after = now + 12 * 3600;
    const std::string pseudonym = "kurator.anna";

    const auto root_seed = seed("tillit-vectors-v1 root O");
    const auto other_root_seed = seed("tillit-vectors-v1 another root");
    const auto ik_seed = seed("tillit-vectors-v1 identity IK");
    const auto other_ik_seed = seed("tillit-vectors-v1 another identity");
    const auto spk_seed = seed("tillit-vectors-v1 shift key SPK");
    const auto e_h_seed = seed("tillit-vectors-v1 ephemeral e_H");
    const auto e_c_seed = seed("tillit-vectors-v1 ephemeral e_C");

    const auto root = must(signing_keypair_from_seed(root_seed), "root");
    const auto other_root = must(signing_keypair_from_seed(other_root_seed), "other root");
    const auto ik = must(signing_keypair_from_seed(ik_seed), "ik");
    const auto other_ik = must(signing_keypair_from_seed(other_ik_seed), "other ik");
    const auto spk = must(dh_keypair_from_seed(spk_seed), "spk");
    auto e_h = must(dh_keypair_from_seed(e_h_seed), "e_h");
    const auto e_c = must(dh_keypair_from_seed(e_c_seed), "e_c");

    const auto cert = must(make_certificate(root, ik.pk, pseudonym, cert_not_after), "cert");
    const auto cert_bytes = encode_certificate(cert);
    const auto spk_sig = sign_shift_key(ik, spk.pk, spk_not_after);

    const auto revocations = must(sign_revocation_list(root, {now - 86400, now + 30 * 86400, {other_ik.pk}}), "revocations");
    const auto revoking_ik = must(sign_revocation_list(root, {now - 86400, now + 30 * 86400, {other_ik.pk, ik.pk}}), "revoking");
    const auto expired_list = must(sign_revocation_list(root, {now - 40 * 86400, now - 10 * 86400, {}}), "expired list");
    const auto list_by_other_root = must(sign_revocation_list(other_root, {now - 86400, now + 30 * 86400, {}}), "other list");

    session_id sid{};
    for (std::size_t i = 0; i < sid.size(); ++i) sid[i] = static_cast<unsigned char>(0x10 + i);
    constexpr std::uint32_t epoch = 3;
    const handshake_params params{sid, epoch, ik.pk, spk.pk};

    // The counsellor's side, then the help-seeker's, through the library.
    const counsellor_bundle bundle{ik.pk, pseudonym, cert, spk.pk, spk_not_after, spk_sig};
    auto hs = must(help_seeker_handshake::start(root.pk, bundle, sid, epoch, now, revocations, std::move(e_h)), "start");
    auto reply = must(counsellor_respond(params, spk, hs.ephemeral_key(), e_c), "respond");
    const auto hs_keys = must(hs.finish(reply.e_c, reply.confirm), "finish");
    if (hs_keys.sas_code() != reply.keys.sas_code()) return 1;

    // dh and root by raw libsodium, for the record.
    const auto e_h_again = must(dh_keypair_from_seed(e_h_seed), "e_h");
    std::array<unsigned char, 64> dh{};
    if (crypto_scalarmult(dh.data(), e_h_again.sk.data(), e_c.pk.data()) != 0 ||
        crypto_scalarmult(dh.data() + 32, e_h_again.sk.data(), spk.pk.data()) != 0)
        return 1;
    std::array<unsigned char, 32> root_key{};
    crypto_generichash(root_key.data(), root_key.size(), dh.data(), dh.size(), reply.keys.th.data(), reply.keys.th.size());

    const std::vector<std::string> c_to_h{
        R"({"type":"sync","received":0})",
        R"({"type":"message","n":1,"seen":0,"text":"Hej! Du pratar med en kurator. Vad vill du berätta?"})",
        R"({"type":"typing"})",
        std::string(R"({"type":"message","n":2,"seen":1,"text":")") + std::string(300, 'x') + "\"}",
        R"({"type":"end"})",
    };
    const std::vector<std::string> h_to_c{
        R"({"type":"sync","received":0})",
        R"({"type":"message","n":1,"seen":1,"text":"مرحبا، أحتاج إلى مساعدة"})",
        "",
        R"({"type":"end"})",
    };
    const auto header_ch = fixed_header(0xa0);
    const auto header_hc = fixed_header(0xc0);

    // Identity-key wrapping with a fixed nonce, by raw libsodium (the library always draws a
    // random one): nonce ‖ secretbox(IK seed).
    std::array<unsigned char, 32> wrap{};
    for (std::size_t i = 0; i < wrap.size(); ++i) wrap[i] = static_cast<unsigned char>(0x55 ^ i);
    bytes wrapped(wrapped_identity_key_bytes);
    for (std::size_t i = 0; i < crypto_secretbox_NONCEBYTES; ++i) wrapped[i] = static_cast<unsigned char>(0x70 + i);
    crypto_secretbox_easy(wrapped.data() + crypto_secretbox_NONCEBYTES, ik_seed.data(), ik_seed.size(), wrapped.data(), wrap.data());

    const std::array<std::string_view, 7> low_order{
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    };
    auto first_stream = must(sending_stream::open_with_header_for_vectors(reply.keys, direction::counsellor_to_help_seeker,
                                                                          header_ch), "stream");
    const auto first_frame = must(first_stream.push(c_to_h[0]), "push");
    json::array low_order_json;
    for (const auto p : low_order) low_order_json.emplace_back(p);

    json::object v{
        {"description", "CRYPTO.md protocol version 1, written by tests/crypto/make_vectors.cpp from fixed seeds "
                        "(seed = BLAKE2b-256 of a label). Byte formats: docs/crypto.md."},
        {"version", 1},
        {"now", now},
        {"root", json::object{{"seed_hex", hex(root_seed)}, {"public_key_hex", hex(root.pk)}, {"fingerprint", root_fingerprint(root.pk)}}},
        {"identity", json::object{{"seed_hex", hex(ik_seed)},
                                  {"public_key_hex", hex(ik.pk)},
                                  {"pseudonym", pseudonym},
                                  {"not_after", cert_not_after},
                                  {"certificate_message_hex", hex(must(certificate_message(ik.pk, pseudonym, cert_not_after), "msg"))},
                                  {"certificate_hex", hex(cert_bytes)}}},
        {"shift_key", json::object{{"seed_hex", hex(spk_seed)},
                                   {"public_key_hex", hex(spk.pk)},
                                   {"not_after", spk_not_after},
                                   {"message_hex", hex(shift_key_message(spk.pk, spk_not_after))},
                                   {"signature_hex", hex(spk_sig)}}},
        {"revocations", json::object{{"issued_at", now - 86400},
                                     {"not_after", now + 30 * 86400},
                                     {"revoked_hex", json::array{hex(other_ik.pk)}},
                                     {"blob_hex", hex(revocations)}}},
        {"handshake", json::object{{"sid_hex", hex(sid)},
                                   {"epoch", epoch},
                                   {"e_h_seed_hex", hex(e_h_seed)},
                                   {"e_h_public_hex", hex(e_h_again.pk)},
                                   {"e_c_seed_hex", hex(e_c_seed)},
                                   {"e_c_public_hex", hex(e_c.pk)},
                                   {"th_hex", hex(reply.keys.th)},
                                   {"dh_hex", hex(dh)},
                                   {"root_hex", hex(root_key)},
                                   {"k_hc_hex", hex(reply.keys.k_hc.span())},
                                   {"k_ch_hex", hex(reply.keys.k_ch.span())},
                                   {"k_conf_hex", hex(reply.keys.k_conf.span())},
                                   {"k_sas_hex", hex(reply.keys.k_sas.span())},
                                   {"confirm_hex", hex(reply.confirm)},
                                   {"sas", reply.keys.sas_code()}}},
        {"streams", json::array{stream_vector(reply.keys, direction::counsellor_to_help_seeker, header_ch, c_to_h),
                                stream_vector(hs_keys, direction::help_seeker_to_counsellor, header_hc, h_to_c)}},
        {"identity_wrap", json::object{{"wrap_hex", hex(wrap)}, {"blob_hex", hex(wrapped)}}},
        {"negative",
         json::object{
             {"bad_certificate_hex", hex(flip(cert_bytes, 8 + 5))},
             {"wrong_root_public_key_hex", hex(other_root.pk)},
             {"expired_certificate_now", cert_not_after},
             {"expired_shift_key_now", spk_not_after},
             {"revoking_list_blob_hex", hex(revoking_ik)},
             {"expired_list_blob_hex", hex(expired_list)},
             {"list_by_other_root_blob_hex", hex(list_by_other_root)},
             {"bad_shift_signature_hex", hex(flip(spk_sig, 17))},
             {"low_order_points_hex", std::move(low_order_json)},
             {"bad_confirm_hex", hex(flip(reply.confirm, 31))},
             {"flipped_frame_hex", hex(flip(first_frame, 40))},
             {"unpadded_frame_hex", hex(raw_frame(reply.keys, direction::counsellor_to_help_seeker, header_ch, R"({"type":"typing"})"))},
             {"bad_pad_block_frame_hex",
              hex(raw_frame(reply.keys, direction::counsellor_to_help_seeker, header_ch, std::string(256, 'a')))},
         }},
    };

    std::ofstream out(output);
    tillit::test::print_pretty(out, v);
    out << "\n";
    if (!out) {
        std::cerr << "make_vectors: cannot write " << output << "\n";
        return 1;
    }
    std::cout << "wrote " << output << "\n";
    return 0;
}
