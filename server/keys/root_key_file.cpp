// root_key_file: reading and writing the root key's seed, and parsing a root public key.
#include "keys/root_key_file.hpp"

#include <sys/stat.h>

#include <string>

#include <sodium.h>

#include "keys/key_error.hpp"
#include "keys/small_file.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/sodium_init.hpp"

namespace tillit::keys {
namespace {

bool is_trailing_space(char c) { return c == '\n' || c == '\r' || c == ' '; }

} // namespace

crypto::signing_keypair read_root_key_file(const std::filesystem::path& path)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0) throw key_file_error{errc::cannot_read, "cannot read the root key file " + path.string()};
    // Like ssh: a secret others can read is no longer only the operator's.
    if ((st.st_mode & 077) != 0)
        throw key_file_error{errc::readable_by_others, path.string() + " is readable by others; run: chmod 600 " + path.string()};
    std::string text = read_small_file(path);
    while (!text.empty() && is_trailing_space(text.back())) text.pop_back();
    crypto::ensure_sodium();  // sodium_malloc aborts before sodium_init (show and sign-export come here first)
    crypto::secure_buffer seed(crypto::seed_bytes);
    std::size_t length = 0;
    const char* end = nullptr;
    const int decoded = sodium_base642bin(seed.data(), seed.size(), text.data(), text.size(), nullptr, &length, &end,
                                          sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    const bool whole = decoded == 0 && end == text.data() + text.size() && length == seed.size();
    sodium_memzero(text.data(), text.size());
    if (!whole) throw key_file_error{errc::not_a_root_key, path.string() + " does not hold a tillit root key"};
    auto keys = crypto::signing_keypair_from_seed(seed.span());
    if (!keys)
        throw key_file_error{errc::not_a_root_key, "cannot load the root key: " + std::string(crypto::to_string(keys.error()))};
    return std::move(*keys);
}

void write_root_key_file(const std::filesystem::path& path, const crypto::signing_keypair& keys)
{
    auto seed = crypto::seed_of(keys);
    if (!seed) throw key_file_error{errc::out_of_memory, "out of memory"};
    std::string text = crypto::to_base64(seed->span()) + "\n";
    try {
        write_new_file(path, text, 0600);
    } catch (...) {
        sodium_memzero(text.data(), text.size());
        throw;
    }
    sodium_memzero(text.data(), text.size());
}

boost::system::result<crypto::public_key> parse_public_key(std::string_view text)
{
    while (!text.empty() && is_trailing_space(text.back())) text.remove_suffix(1);
    const auto bytes = crypto::from_base64(text);
    if (!bytes) return make_error_code(errc::not_a_public_key);
    const auto key = crypto::public_key_from(*bytes);
    if (!key) return make_error_code(errc::not_a_public_key);
    return *key;
}

} // namespace tillit::keys
