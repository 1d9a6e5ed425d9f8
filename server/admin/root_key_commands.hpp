// root_key_commands: tillit-admin's `root-key` and `certificates` groups: the centre's root key O
// (generate, show, configure, dev-init) and the certificates it issues for counsellor identity
// keys (pending, certify, revoke, and export / sign-export / import for an offline signing machine).
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <string>

#include "tillit/crypto/keys.hpp"

#include "admin/command_support.hpp"

namespace tillit::admin {

// Settings keys this file owns: the configured root public key (URL-safe base64) and the
// root-signed revocation list (URL-safe base64 of crypto/revocation_list.hpp's blob).
inline constexpr std::string_view root_public_key_setting = "root_public_key";
inline constexpr std::string_view revocation_list_setting = "revocation_list";

[[nodiscard]] std::span<const command> root_key_commands();

// Loads a root key file as `root-key generate` writes it (refusing one that others can read).
// Returns nullopt and says why in `error` when it cannot. Used by the server's development mode.
[[nodiscard]] std::optional<crypto::signing_keypair> read_root_key_file(const std::filesystem::path& path, std::string& error);

} // namespace tillit::admin
