// mailbox_commands: tillit-admin's `mailbox` group: show and set the mailbox's retention, reply
// time and thread limit (store/settings_mailbox.hpp).
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

[[nodiscard]] std::span<const command> mailbox_commands();

} // namespace tillit::admin
