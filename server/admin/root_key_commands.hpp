// root_key_commands: tillit-admin's `root-key` group: the centre's root key O (generate,
// show, configure, dev-init). The certificates it issues are in certificate_commands, its
// revocation list in revocation_commands; what they share in root_key_support.
#pragma once

#include <span>

#include "admin/command_support.hpp"
#include "admin/root_key_support.hpp"  // the root key's settings keys

namespace tillit::admin {

[[nodiscard]] std::span<const command> root_key_commands();

} // namespace tillit::admin
