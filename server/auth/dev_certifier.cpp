// dev_certifier: the demo's automatic certification with a local root key.
#include "auth/dev_certifier.hpp"

#include <chrono>

#include "keys/root_key_file.hpp"
#include "tillit/crypto/certificate.hpp"

namespace tillit::auth {

dev_certifier::dev_certifier(const std::filesystem::path& root_key_file) : root_(keys::read_root_key_file(root_key_file)) {}

std::optional<std::vector<unsigned char>> dev_certifier::certify(const std::vector<unsigned char>& identity_key,
                                                                 const std::string& pseudonym) const
{
    const auto key = crypto::public_key_from(identity_key);
    if (!key) return std::nullopt;
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    const auto cert = crypto::make_certificate(root_, *key, pseudonym, static_cast<std::uint64_t>(now) + 30 * 86400);
    if (!cert) return std::nullopt;
    return crypto::encode_certificate(*cert);
}

} // namespace tillit::auth
