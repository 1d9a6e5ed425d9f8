// account_commands: tillit-admin's `account` group (create, list, disable, enable, roles,
// languages, lanes, password reset).
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

[[nodiscard]] std::span<const command> account_commands();

} // namespace tillit::admin
