// dev_certifier: DEVELOPMENT ONLY. Certifies counsellor identity keys the moment a console
// uploads them, with a root key kept on this server (tillit-admin root-key dev-init), so that a
// demo works without an offline signing step. UNSAFE FOR PRODUCTION: whoever controls the
// server can then certify any key. The server logs a warning at start when this is on.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "tillit/crypto/keys.hpp"

namespace tillit::auth {

class dev_certifier {
public:
    // Throws keys::key_file_error (a std::runtime_error) when the root key file cannot be used.
    explicit dev_certifier(const std::filesystem::path& root_key_file);

    // The encoded certificate (CRYPTO.md "cert") for `identity_key` and `pseudonym`, valid for
    // 30 days; nullopt for a malformed key or pseudonym. Thread-safe.
    [[nodiscard]] std::optional<std::vector<unsigned char>> certify(const std::vector<unsigned char>& identity_key,
                                                                    const std::string& pseudonym) const;

private:
    crypto::signing_keypair root_;
};

} // namespace tillit::auth
