// Sealing and opening of mailbox letters: padded AEAD body under a random k, k in one crypto_box per reader.
#include "tillit/crypto/letter.hpp"

#include <algorithm>

#include <sodium.h>

#include "json_members.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/sodium_init.hpp"
#include "wire.hpp"

namespace tillit::crypto {

static_assert(letter_key_bytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);
static_assert(letter_nonce_bytes == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
static_assert(letter_nonce_bytes == crypto_box_NONCEBYTES);
static_assert(letter_tag_bytes == crypto_aead_xchacha20poly1305_ietf_ABYTES);
static_assert(envelope_bytes == crypto_box_NONCEBYTES + crypto_box_MACBYTES + letter_key_bytes);

std::vector<unsigned char> letter_associated_data(const box_id& box, std::uint32_t number, letter_direction dir)
{
    wire::bytes out;
    wire::append(out, letter_label);
    wire::append(out, box);
    wire::append_be(out, number, 4);
    out.push_back(static_cast<unsigned char>(dir));
    return out;
}

result<sealed_letter> seal_letter_for_vectors(std::string_view body_json, const box_id& box, std::uint32_t number,
                                              letter_direction dir, const dh_keypair& sender, std::span<const public_key> readers,
                                              std::span<const unsigned char> k, const letter_nonce& nonce,
                                              std::span<const letter_nonce> envelope_nonces)
{
    ensure_sodium();
    if (number == 0 || readers.empty() || readers.size() > max_letter_readers || k.size() != letter_key_bytes ||
        envelope_nonces.size() != readers.size())
        return crypto_error::malformed;
    if (body_json.size() > max_letter_body_bytes) return crypto_error::too_large;
    auto padded = wire::secure(max_letter_padded_bytes);
    if (!padded) return crypto_error::out_of_memory;
    std::copy(body_json.begin(), body_json.end(), padded->data());
    std::size_t padded_size = 0;
    if (sodium_pad(&padded_size, padded->data(), body_json.size(), letter_block, padded->size()) != 0)
        return crypto_error::too_large;

    sealed_letter out;
    out.ciphertext.resize(letter_nonce_bytes + padded_size + letter_tag_bytes);
    std::copy(nonce.begin(), nonce.end(), out.ciphertext.begin());
    const auto ad = letter_associated_data(box, number, dir);
    crypto_aead_xchacha20poly1305_ietf_encrypt(out.ciphertext.data() + letter_nonce_bytes, nullptr, padded->data(), padded_size,
                                               ad.data(), ad.size(), nullptr, nonce.data(), k.data());
    for (std::size_t i = 0; i < readers.size(); ++i) {
        envelope e{readers[i], std::vector<unsigned char>(envelope_bytes)};
        std::copy(envelope_nonces[i].begin(), envelope_nonces[i].end(), e.box.begin());
        if (crypto_box_easy(e.box.data() + crypto_box_NONCEBYTES, k.data(), k.size(), e.box.data(), readers[i].data(),
                            sender.sk.data()) != 0)
            return crypto_error::low_order_point;
        out.envelopes.push_back(std::move(e));
    }
    return out;
}

result<sealed_letter> seal_letter(std::string_view body_json, const box_id& box, std::uint32_t number, letter_direction dir,
                                  const dh_keypair& sender, std::span<const public_key> readers)
{
    ensure_sodium();
    if (readers.size() > max_letter_readers) return crypto_error::malformed;
    auto k = wire::secure(letter_key_bytes);
    if (!k) return crypto_error::out_of_memory;
    randombytes_buf(k->data(), k->size());
    letter_nonce nonce{};
    randombytes_buf(nonce.data(), nonce.size());
    std::vector<letter_nonce> envelope_nonces(readers.size());
    for (auto& n : envelope_nonces) randombytes_buf(n.data(), n.size());
    return seal_letter_for_vectors(body_json, box, number, dir, sender, readers, k->span(), nonce, envelope_nonces);
}

namespace {

// The browser's checks of a body (letter.ts): UTF-8, one JSON object with a string "text" (malformed
// otherwise) and, to the centre, "thread_key" = B64 of the key that sealed it (frame_rejected).
result<void> check_body(std::string_view body, letter_direction dir, const public_key& sender_pk)
{
    if (!json_members::is_utf8(body)) return crypto_error::malformed;
    const auto text = json_members::find(body, "text");
    if (!text || text->kind != json_members::member_kind::string) return crypto_error::malformed;
    if (dir != letter_direction::to_centre) return {};
    const auto thread_key = json_members::find(body, "thread_key");
    if (!thread_key || thread_key->kind != json_members::member_kind::string || !thread_key->ascii)
        return crypto_error::frame_rejected;
    const auto decoded = from_base64(*thread_key->ascii);
    if (!decoded || decoded->size() != sender_pk.size() ||
        sodium_memcmp(decoded->data(), sender_pk.data(), sender_pk.size()) != 0)
        return crypto_error::frame_rejected;
    return {};
}

} // namespace

result<std::string> open_letter(std::span<const unsigned char> ciphertext, std::span<const unsigned char> box, const box_id& id,
                                std::uint32_t number, letter_direction dir, const public_key& sender_pk,
                                std::span<const unsigned char> reader_secret)
{
    ensure_sodium();
    if (box.size() != envelope_bytes || reader_secret.size() != crypto_box_SECRETKEYBYTES || number == 0)
        return crypto_error::malformed;
    if (ciphertext.size() > max_letter_ciphertext_bytes) return crypto_error::too_large;
    if (ciphertext.size() < letter_nonce_bytes + letter_tag_bytes) return crypto_error::frame_rejected;

    auto k = wire::secure(letter_key_bytes);
    auto padded = wire::secure(max_letter_padded_bytes);
    if (!k || !padded) return crypto_error::out_of_memory;
    const auto boxed = box.subspan(crypto_box_NONCEBYTES);
    if (crypto_box_open_easy(k->data(), boxed.data(), boxed.size(), box.data(), sender_pk.data(), reader_secret.data()) != 0)
        return crypto_error::frame_rejected;
    const auto ad = letter_associated_data(id, number, dir);
    const auto sealed = ciphertext.subspan(letter_nonce_bytes);
    unsigned long long padded_size = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(padded->data(), &padded_size, nullptr, sealed.data(), sealed.size(), ad.data(),
                                                   ad.size(), ciphertext.data(), k->data()) != 0)
        return crypto_error::frame_rejected;
    std::size_t size = 0;
    if (padded_size == 0 || padded_size % letter_block != 0 ||
        sodium_unpad(&size, padded->data(), static_cast<std::size_t>(padded_size), letter_block) != 0)
        return crypto_error::bad_padding;
    std::string body(reinterpret_cast<const char*>(padded->data()), size);
    if (auto checked = check_body(body, dir, sender_pk); !checked) {
        sodium_memzero(body.data(), body.size());
        return checked.error();
    }
    return body;
}

} // namespace tillit::crypto
