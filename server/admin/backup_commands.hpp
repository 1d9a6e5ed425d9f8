// backup_commands: tillit-admin's `backup FILE` (an online copy of the database, safe while the
// server runs) and `restore FILE [--replace]` (only while no server uses the data folder).
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

// Two commands with an empty name each: `tillit-admin backup …` and `tillit-admin restore …`.
[[nodiscard]] std::span<const command> backup_commands();

} // namespace tillit::admin
