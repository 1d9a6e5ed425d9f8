// command_support: argument parsing (Boost.Program_options), input checks and store access shared by
// tillit-admin's commands.
#include "admin/command_support.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>

#include <boost/algorithm/string/classification.hpp>
#include <boost/algorithm/string/join.hpp>
#include <boost/algorithm/string/split.hpp>
#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>

#include "config/empty_adjacent.hpp"
#include "store/settings.hpp"

namespace tillit::admin {

namespace fs = std::filesystem;

namespace {
constexpr std::string_view actor = "admin-cli";
constexpr std::size_t max_languages = 20;
constexpr const char* positional_key = "positional-arguments";
} // namespace

parsed_args parse_args(std::span<const std::string> args, const std::set<std::string, std::less<>>& with_value,
                       const std::set<std::string, std::less<>>& flags)
{
    namespace po = boost::program_options;
    po::options_description description;
    for (const auto& name : with_value) description.add_options()(name.c_str(), po::value<std::string>());
    for (const auto& name : flags) description.add_options()(name.c_str(), po::bool_switch());
    // Words that are not options are the command's positionals (PSEUDONYM, FILE, ...).
    description.add_options()(positional_key, po::value<std::vector<std::string>>());
    po::positional_options_description positional;
    positional.add(positional_key, -1);
    po::parsed_options parsed(&description);
    try {
        // --name VALUE or --name=VALUE, whole names only; "-x" is a word, not an option.
        parsed = po::command_line_parser(config::split_empty_adjacent(args))
                     .options(description)
                     .positional(positional)
                     .style(po::command_line_style::allow_long | po::command_line_style::long_allow_adjacent |
                            po::command_line_style::long_allow_next)
                     .run();
    } catch (const po::unknown_option& e) {
        throw usage_error{"unknown option " + e.get_option_name()};
    } catch (const po::invalid_command_line_syntax& e) {
        if (e.kind() == po::invalid_syntax::missing_parameter) throw usage_error{e.get_option_name() + " needs a value"};
        if (e.kind() == po::invalid_syntax::extra_parameter) throw usage_error{e.get_option_name() + " takes no value"};
        throw usage_error{e.what()};
    } catch (const po::error& e) {
        throw usage_error{e.what()};
    }
    parsed_args out;
    for (const auto& option : parsed.options) {
        if (option.position_key >= 0) {
            out.positionals.push_back(option.value.front());
            continue;
        }
        if (option.string_key == positional_key) throw usage_error{"unknown option --" + option.string_key};
        const auto value = option.value.empty() ? std::string() : option.value.front();
        if (!out.options.emplace(option.string_key, value).second) throw usage_error{"--" + option.string_key + " given twice"};
    }
    return out;
}

void expect_positionals(const parsed_args& a, std::size_t count, std::string_view what)
{
    if (a.positionals.size() < count) throw usage_error{"missing " + std::string(what)};
    if (a.positionals.size() > count) throw usage_error{"unexpected argument \"" + a.positionals[count] + "\""};
}

std::string join(const std::vector<std::string>& items) { return boost::algorithm::join(items, ","); }

std::string checked_pseudonym(const std::string& p)
{
    const bool ok = p.size() >= 2 && p.size() <= 40 && std::all_of(p.begin(), p.end(), [](char c) {
                        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                    });
    if (!ok) throw usage_error{"invalid pseudonym \"" + p + "\" (2-40 characters from a-z 0-9 . _ -)"};
    return p;
}

store::role checked_role(std::string_view text)
{
    const auto r = store::parse_role(text);
    if (!r) throw usage_error{"unknown role \"" + std::string(text) + "\" (use counsellor, supervisor or admin)"};
    return *r;
}

std::vector<std::string> checked_languages(std::string_view text)
{
    std::vector<std::string> items;  // kept as written: an empty or spaced item is refused below
    boost::algorithm::split(items, text, boost::algorithm::is_any_of(","));
    std::set<std::string> seen;
    for (const auto& item : items) {
        if (!store::is_language_code(item))
            throw usage_error{"invalid language \"" + item + "\" (2-3 lowercase letters, e.g. sv,en,ar)"};
        if (!seen.insert(item).second) throw usage_error{"language \"" + item + "\" given twice"};
    }
    if (items.size() > max_languages) throw usage_error{"more than " + std::to_string(max_languages) + " languages"};
    return items;
}

std::vector<std::string> checked_lanes(std::string_view text)
{
    std::vector<std::string> items;  // kept as written: an empty or spaced item is refused below
    boost::algorithm::split(items, text, boost::algorithm::is_any_of(","));
    std::set<std::string> seen;
    for (const auto& item : items) {
        if (item != "support" && item != "consultation")
            throw usage_error{"invalid lane \"" + item + "\" (use support and/or consultation)"};
        if (!seen.insert(item).second) throw usage_error{"lane \"" + item + "\" given twice"};
    }
    return items;
}

store::unix_seconds now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void audit(store::store& db, std::string_view action, std::string_view subject)
{
    db.append_audit({now(), std::string(actor), std::string(action), std::string(subject)});
}

store::store open_store(const context& c)
{
    std::error_code ec;
    if (!fs::exists(c.data_dir, ec)) {
        fs::create_directories(c.data_dir, ec);
        if (ec) throw operation_error{"cannot create " + c.data_dir.string() + ": " + ec.message()};
        // Only the service user may read the database directory.
        fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
        if (ec) throw operation_error{"cannot set permissions of " + c.data_dir.string() + ": " + ec.message()};
    } else if (!fs::is_directory(c.data_dir, ec)) {
        throw operation_error{c.data_dir.string() + " is not a directory"};
    }
    return store::store((c.data_dir / "tillit.db").string());
}

store::account existing_account(store::store& db, std::string_view pseudonym)
{
    auto a = db.find_account(pseudonym);
    if (!a) throw operation_error{"no account named \"" + std::string(pseudonym) + "\""};
    return std::move(*a);
}

} // namespace tillit::admin
