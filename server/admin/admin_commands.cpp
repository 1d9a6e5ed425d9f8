// admin_commands: run_admin's dispatch (see admin_commands.hpp); the commands themselves live in
// account_commands, settings_commands, mailbox_commands, root_key_commands, certificate_commands
// and revocation_commands, their shared parts in command_support.
#include "admin/admin_commands.hpp"

#include <algorithm>
#include <array>
#include <istream>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>

#include "admin/account_commands.hpp"
#include "admin/backup_commands.hpp"
#include "admin/certificate_commands.hpp"
#include "admin/command_support.hpp"
#include "admin/mailbox_commands.hpp"
#include "admin/report_command.hpp"
#include "admin/revocation_commands.hpp"
#include "admin/root_key_commands.hpp"
#include "admin/settings_commands.hpp"
#include "config/empty_adjacent.hpp"
#include "keys/key_error.hpp"

namespace tillit::admin {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view main_help = R"(usage: tillit-admin [--data-dir DIR] COMMAND [ARGS...]

  --data-dir DIR   where tillit.db lives (default ./data; created with mode 0700);
                   may also be given after the command

commands (each takes --help):
  account create PSEUDONYM --role ROLE [--languages LIST] [--lanes LIST] [--password-stdin]
  account list
  account disable PSEUDONYM
  account enable PSEUDONYM
  account set-role PSEUDONYM ROLE
  account set-languages PSEUDONYM LIST
  account set-lanes PSEUDONYM LIST
  account reset-password PSEUDONYM
  hours show
  hours set [--timezone TZ] [--mon RANGES|closed] ... [--sun RANGES|closed]
  emergency show
  emergency set LABEL=NUMBER [LABEL=NUMBER...]
  closed-text show
  closed-text set LANG TEXT
  mailbox show
  mailbox set [--retention-days 1..90] [--reply-hours 1..168] [--max-threads 1..1000000]
  root-key generate --secret-file FILE
  root-key show (--public-key B64 | --public-key-file FILE | --secret-file FILE)
  root-key configure (--public-key B64 | --public-key-file FILE)
  root-key dev-init DIR                  (UNSAFE FOR PRODUCTION: a demo root key)
  certificates pending
  certificates certify PSEUDONYM --secret-file FILE [--days 30]
  certificates certify-pending --secret-file FILE [--days 30]    (the demo's automatic certification)
  certificates revoke PSEUDONYM --secret-file FILE [--days 30]
  certificates export FILE
  certificates sign-export IN OUT --secret-file FILE [--days 30]   (offline; no database)
  certificates import FILE [--public-key B64 | --public-key-file FILE]
  certificates revocations-export FILE [PSEUDONYM...]
  certificates sign-revocations IN OUT --secret-file FILE [--days 30]   (offline; no database)
  certificates import-revocations FILE [--public-key B64 | --public-key-file FILE]
  report --from YYYY-MM-DD --to YYYY-MM-DD [--min-count 5] [--output FILE]
  backup FILE                            (safe while the server runs)
  restore FILE [--replace]               (only with the server stopped)

exit status: 0 done, 1 operation failed (e.g. unknown account), 2 usage error
)";

// Every command of every group, in the order of main_help.
const std::vector<command>& all_commands()
{
    static const std::vector<command> table = [] {
        std::vector<command> out;
        for (const auto group : {account_commands(), settings_commands(), mailbox_commands(), root_key_commands(),
                                  certificate_commands(), revocation_commands(), report_commands(), backup_commands()})
            out.insert(out.end(), group.begin(), group.end());
        return out;
    }();
    return table;
}

// Takes --data-dir DIR (or --data-dir=DIR) out of `args` wherever it stands and returns DIR
// ("data" when absent); the other words stay, in order, for the command. Throws usage_error.
fs::path take_data_dir(std::vector<std::string>& args)
{
    namespace po = boost::program_options;
    po::options_description global;
    global.add_options()("data-dir", po::value<std::string>());
    po::parsed_options parsed(&global);
    try {
        parsed = po::command_line_parser(config::split_empty_adjacent(args))
                     .options(global)
                     .style(po::command_line_style::allow_long | po::command_line_style::long_allow_adjacent |
                            po::command_line_style::long_allow_next)
                     .allow_unregistered()
                     .run();
    } catch (const po::invalid_command_line_syntax& e) {
        if (e.kind() == po::invalid_syntax::missing_parameter) throw usage_error{"--data-dir needs a value"};
        throw usage_error{e.what()};
    } catch (const po::error& e) {
        throw usage_error{e.what()};
    }
    fs::path data_dir = "data";
    bool given = false;
    for (const auto& option : parsed.options) {
        if (option.unregistered || option.position_key >= 0) continue;
        if (given) throw usage_error{"--data-dir given twice"};
        if (option.value.front().empty()) throw usage_error{"--data-dir is empty"};
        data_dir = option.value.front();
        given = true;
    }
    args = po::collect_unrecognized(parsed.options, po::include_positional);
    return data_dir;
}

bool is_known_group(std::string_view group)
{
    const auto& commands = all_commands();
    return std::any_of(commands.begin(), commands.end(), [&](const command& c) { return c.group == group; });
}

} // namespace

int run_admin(std::vector<std::string> args, std::istream& in, std::ostream& out, std::ostream& err)
{
    std::string_view group;
    std::string_view name;
    bool single = false;  // the group is a command by itself
    try {
        // The global option may stand anywhere (scripts put it first or last); take it out.
        fs::path data_dir = take_data_dir(args);
        std::size_t i = 0;
        if (i < args.size() && args[i] == "--help") {
            out << main_help;
            return 0;
        }
        if (i < args.size() && args[i].starts_with("--")) throw usage_error{"unknown option " + args[i]};
        if (i >= args.size()) throw usage_error{"missing command"};
        group = args[i++];
        if (!is_known_group(group)) throw usage_error{"unknown command \"" + std::string(group) + "\""};
        const auto& commands = all_commands();
        // A group that is a command by itself (`report`) has one entry with an empty name.
        if (const auto found_single = std::find_if(commands.begin(), commands.end(),
                                                   [&](const command& c) { return c.group == group && c.name.empty(); });
            found_single != commands.end()) {
            const std::span<const std::string> rest(args.data() + i, args.size() - i);
            if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
                out << found_single->help;
                return 0;
            }
            single = true;
            return found_single->run(context{data_dir, in, out, err}, rest);
        }
        if (i >= args.size() || args[i] == "--help") {
            if (i < args.size()) {
                out << main_help;
                return 0;
            }
            throw usage_error{"missing subcommand after \"" + std::string(group) + "\""};
        }
        name = args[i++];
        const auto found = std::find_if(commands.begin(), commands.end(),
                                        [&](const command& c) { return c.group == group && c.name == name; });
        if (found == commands.end()) {
            const std::string unknown = "unknown command \"" + std::string(group) + " " + std::string(name) + "\"";
            name = {};
            throw usage_error{unknown};
        }
        const std::span<const std::string> rest(args.data() + i, args.size() - i);
        if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
            out << found->help;
            return 0;
        }
        return found->run(context{data_dir, in, out, err}, rest);
    } catch (const usage_error& e) {
        err << "tillit-admin: " << e.what() << "\n";
        if (single)
            err << "try: tillit-admin " << group << " --help\n";
        else if (!name.empty())
            err << "try: tillit-admin " << group << " " << name << " --help\n";
        else
            err << "try: tillit-admin --help\n";
        return 2;
    } catch (const operation_error& e) {
        err << "tillit-admin: " << e.what() << "\n";
        return 1;
    } catch (const keys::key_file_error& e) {
        err << "tillit-admin: " << e.what() << "\n";
        return 1;
    } catch (const store::store_error& e) {
        err << "tillit-admin: database error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        err << "tillit-admin: error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace tillit::admin
