// revocation_commands: tillit-admin's revocation list round trip for a root key kept offline:
// certificates revocations-export, sign-revocations (offline) and import-revocations.
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

[[nodiscard]] std::span<const command> revocation_commands();

} // namespace tillit::admin
