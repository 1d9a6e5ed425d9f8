// settings_commands: tillit-admin's `hours`, `emergency` and `closed-text` groups (the operator's
// settings that the help-seeker page shows).
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

[[nodiscard]] std::span<const command> settings_commands();

} // namespace tillit::admin
