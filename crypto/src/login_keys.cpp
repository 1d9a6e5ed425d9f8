// Login derivation (Argon2id then BLAKE2b KDF) and the server's Argon2id string of the result.
#include "tillit/crypto/login_keys.hpp"

#include "tillit/crypto/sodium_init.hpp"

namespace tillit::crypto {

std::optional<login_keys> derive_login_keys(std::string_view password, std::span<const unsigned char> salt)
{
    ensure_sodium();
    if (salt.size() != login_salt_bytes) return std::nullopt;
    secure_buffer master(crypto_kdf_KEYBYTES);
    if (crypto_pwhash(master.data(), master.size(), password.data(), password.size(), salt.data(), login_opslimit,
                      login_memlimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return std::nullopt;
    login_keys keys{secure_buffer(login_value_bytes), secure_buffer(login_value_bytes)};
    crypto_kdf_derive_from_key(keys.auth.data(), keys.auth.size(), login_auth_subkey_id, login_kdf_context, master.data());
    crypto_kdf_derive_from_key(keys.wrap.data(), keys.wrap.size(), login_wrap_subkey_id, login_kdf_context, master.data());
    return keys;
}

std::vector<unsigned char> random_login_salt()
{
    ensure_sodium();
    std::vector<unsigned char> salt(login_salt_bytes);
    randombytes_buf(salt.data(), salt.size());
    return salt;
}

std::optional<std::string> hash_login_value(std::span<const unsigned char> auth)
{
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, reinterpret_cast<const char*>(auth.data()), auth.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return std::nullopt;
    return std::string(out);
}

bool verify_login_value(std::string_view stored_hash, std::span<const unsigned char> auth)
{
    ensure_sodium();
    if (stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
    char stored[crypto_pwhash_STRBYTES] = {};
    stored_hash.copy(stored, stored_hash.size());
    return crypto_pwhash_str_verify(stored, reinterpret_cast<const char*>(auth.data()), auth.size()) == 0;
}

std::string random_one_time_password()
{
    ensure_sodium();
    static constexpr std::string_view alphabet = "abcdefghjkmnpqrstuvwxyz23456789"; // no i, l, o, 0, 1
    std::string out;
    for (int i = 0; i < 20; ++i) {
        if (i > 0 && i % 5 == 0) out += '-';
        out += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
    }
    return out;
}

} // namespace tillit::crypto
