// root_key_file: the centre's root key on disk. The secret file holds the 32-byte Ed25519 seed
// as URL-safe base64 and a newline, mode 0600 (tillit-admin root-key generate / dev-init write
// it; the admin's signing commands and the server's development certifier read it). A public
// key is 43 characters of URL-safe base64. Any thread.
#pragma once

#include <filesystem>
#include <string_view>

#include <boost/system/result.hpp>

#include "tillit/crypto/keys.hpp"

namespace tillit::keys {

// Loads a root key file, refusing one that others can read (like ssh). Throws key_file_error:
// cannot_read, too_large, readable_by_others, not_a_root_key, out_of_memory.
[[nodiscard]] crypto::signing_keypair read_root_key_file(const std::filesystem::path& path);

// Writes a new root key file with mode 0600 (never replacing one). Throws key_file_error:
// already_exists, cannot_write, out_of_memory.
void write_root_key_file(const std::filesystem::path& path, const crypto::signing_keypair& keys);

// A root public key from its text (trailing spaces and line breaks allowed); errc::not_a_public_key.
[[nodiscard]] boost::system::result<crypto::public_key> parse_public_key(std::string_view text);

} // namespace tillit::keys
