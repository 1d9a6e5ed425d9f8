// command_support: what every tillit-admin command shares: argument parsing, input checks, the
// error types run_admin turns into exit codes, the command table entry, and opening the store.
#pragma once

#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "store/store.hpp"

namespace tillit::admin {

// Thrown for bad command lines (exit 2) and failed operations (exit 1); caught in run_admin,
// which prints what() after "tillit-admin: ".
class usage_error : public std::runtime_error {
public:
    explicit usage_error(const std::string& message) : std::runtime_error(message) {}
};
class operation_error : public std::runtime_error {
public:
    explicit operation_error(const std::string& message) : std::runtime_error(message) {}
};

// A command line split into options (--name VALUE, --name=VALUE, or a flag) and positionals.
// A flag's value is the empty string.
struct parsed_args {
    std::map<std::string, std::string, std::less<>> options;
    std::vector<std::string> positionals;

    [[nodiscard]] const std::string* option(std::string_view name) const
    {
        const auto it = options.find(name);
        return it == options.end() ? nullptr : &it->second;
    }
};

// Throws usage_error for an unknown option, a missing value, a value on a flag, or a repeat.
parsed_args parse_args(std::span<const std::string> args, const std::set<std::string, std::less<>>& with_value,
                       const std::set<std::string, std::less<>>& flags);
// Throws usage_error unless there are exactly `count` positionals.
void expect_positionals(const parsed_args& a, std::size_t count, std::string_view what);

std::string join(const std::vector<std::string>& items);

// Each throws usage_error on an invalid value.
std::string checked_pseudonym(const std::string& p);
store::role checked_role(std::string_view text);
std::vector<std::string> checked_languages(std::string_view text);
std::vector<std::string> checked_lanes(std::string_view text);

store::unix_seconds now();
void audit(store::store& db, std::string_view action, std::string_view subject);

// What a command runs with. `err` is for warnings that must not mix with results on `out`.
struct context {
    std::filesystem::path data_dir;
    std::istream& in;
    std::ostream& out;
    std::ostream& err;
};

// Opens (creating with mode 0700 if needed) data_dir/tillit.db. Throws operation_error.
store::store open_store(const context& c);
// Throws operation_error when no account has that pseudonym.
store::account existing_account(store::store& db, std::string_view pseudonym);

using handler = int (*)(const context&, std::span<const std::string>);

// One subcommand: its group and name, what runs it, and its --help text.
struct command {
    std::string_view group;
    std::string_view name;
    handler run;
    std::string_view help;
};

} // namespace tillit::admin
