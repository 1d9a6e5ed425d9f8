// admin_commands: the operator's command line (tillit-admin) as a function, so tests can run it
// in-process: accounts, opening hours, emergency numbers and closed-hours texts.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace tillit::admin {

// Runs one command. `args` are the arguments after the program name, e.g.
// {"--data-dir", "/var/lib/tillit", "account", "list"}. `in` is read only for
// --password-stdin; results go to `out`, messages about failures to `err`.
// Returns 0 on success, 1 for an operational failure (unknown account, pseudonym taken,
// database error), 2 for a usage error (unknown command or option, bad value). Never throws.
// Safe while tillit-server has the same database open (WAL and a busy timeout).
[[nodiscard]] int run_admin(std::vector<std::string> args, std::istream& in, std::ostream& out, std::ostream& err);

} // namespace tillit::admin
