// certificate_commands: tillit-admin's certificates of counsellor identity keys: pending,
// certify, certify-pending, revoke, and export / sign-export / import for an offline signing machine.
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

[[nodiscard]] std::span<const command> certificate_commands();

} // namespace tillit::admin
