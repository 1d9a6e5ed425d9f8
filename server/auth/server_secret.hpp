// server_secret: 32 random bytes kept in the data folder (mode 0600) and, once loaded, in
// sodium-allocated memory. It keys the made-up login salts of unknown account names (so that
// they stay the same across restarts and do not reveal which names exist).
#pragma once

#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "tillit/crypto/secure_buffer.hpp"

namespace tillit::auth {

class server_secret {
public:
    // Loads data_dir/server-secret, creating it if missing. Throws std::runtime_error when the
    // file cannot be read or written, or has the wrong size.
    static server_secret load_or_create(const std::filesystem::path& data_dir);

    // A keyed BLAKE2b of `message` under the secret, `length` bytes long (16 to 64).
    [[nodiscard]] std::vector<unsigned char> keyed_hash(std::string_view domain, std::string_view message,
                                                        std::size_t length) const;

private:
    explicit server_secret(crypto::secure_buffer key) : key_(std::move(key)) {}
    crypto::secure_buffer key_;
};

} // namespace tillit::auth
