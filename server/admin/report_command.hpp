// report_command: tillit-admin's `report`: the statistics report for a period as CSV with small
// counts suppressed, the same file the supervisors' page downloads (stats/report.hpp).
#pragma once

#include <span>

#include "admin/command_support.hpp"

namespace tillit::admin {

// One command with an empty name: `tillit-admin report --from … --to …`.
[[nodiscard]] std::span<const command> report_commands();

} // namespace tillit::admin
