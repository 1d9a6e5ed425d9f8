// config: the command line and the configuration file through Boost.Program_options, checked
// and stored by option_table, and --help from the same table.
#include "config/config.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>
#include <boost/program_options/positional_options.hpp>

#include "config/empty_adjacent.hpp"
#include "config/option_table.hpp"

namespace tillit::config {

namespace {

namespace po = boost::program_options;

// Words that are not flags land here, to be refused by name (Program_options would only count them).
constexpr const char* stray_words = "unexpected-argument";

// The options of the file: every option of the table, each with one value.
po::options_description file_options()
{
    po::options_description description;
    for (const auto& o : options()) description.add_options()(std::string(o.name).c_str(), po::value<std::string>());
    return description;
}

po::options_description command_line_options()
{
    auto description = file_options();
    description.add_options()("config", po::value<std::string>())("help,h", po::bool_switch())(
        stray_words, po::value<std::vector<std::string>>());
    return description;
}

// --name VALUE and --name=VALUE, and -h; no abbreviations (a typo must not become another option).
constexpr int command_line_style = po::command_line_style::allow_long | po::command_line_style::long_allow_adjacent |
                                   po::command_line_style::long_allow_next | po::command_line_style::allow_short |
                                   po::command_line_style::allow_dash_for_short | po::command_line_style::short_allow_next;

config_error from_program_options(const po::error& e)
{
    if (const auto* unknown = dynamic_cast<const po::unknown_option*>(&e)) {
        const auto name = unknown->get_option_name();
        if (!name.starts_with("--")) return {errc::unexpected_argument, "unexpected argument '" + name + "' (see --help)"};
        return {errc::unknown_option, "unknown option " + name + " (see --help)"};
    }
    if (const auto* syntax = dynamic_cast<const po::invalid_command_line_syntax*>(&e);
        syntax != nullptr && syntax->kind() == po::invalid_syntax::missing_parameter)
        return {errc::missing_value, syntax->get_option_name() + " needs a value"};
    return {errc::bad_value, e.what()};
}

// Whether a file line holds anything but blanks and a comment.
bool has_content(std::string_view line)
{
    const auto first = line.find_first_not_of(" \t\r");
    return first != std::string_view::npos && line[first] != '#';
}

} // namespace

unsigned config::worker_threads() const
{
    if (threads != 0) return threads;
    const unsigned cores = std::thread::hardware_concurrency();
    return cores == 0 ? 1 : cores;
}

std::string help_text()
{
    const config defaults;
    std::ostringstream out;
    out << "Usage: tillit-server [--config FILE] [--OPTION VALUE]...\n\n"
           "The anonymous, end-to-end encrypted support chat server. Every option can also be set\n"
           "in the file given by --config as a line 'OPTION = VALUE'; flags win over the file.\n\n"
           "  --config FILE\n      read options from FILE first\n";
    for (const auto& o : options())
        out << "  --" << o.name << " VALUE\n      " << o.description << " (default: " << o.show(defaults) << ")\n";
    out << "  --help\n      show this text\n";
    return out.str();
}

boost::system::result<void, config_error> apply_config_text(std::string_view text, config& into)
{
    static const auto description = file_options();
    int line_number = 0;
    while (!text.empty()) {
        ++line_number;
        const auto newline = text.find('\n');
        const auto line = text.substr(0, newline);
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
        const auto where = "line " + std::to_string(line_number) + ": ";
        // One line at a time, so that an error can name its line.
        std::istringstream one_line{std::string(line)};
        po::parsed_options parsed(&description);
        try {
            parsed = po::parse_config_file(one_line, description);
        } catch (const po::unknown_option& e) {
            return config_error{errc::unknown_option, where + "unknown option '" + e.get_option_name() + "'"};
        } catch (const po::error&) {
            return config_error{errc::bad_line, where + "expected 'option = value'"};
        }
        // A "[section]" line is Program_options' own syntax, not Tillit's.
        if (parsed.options.empty() && has_content(line)) return config_error{errc::bad_line, where + "expected 'option = value'"};
        for (const auto& setting : parsed.options) {
            const auto* o = find_option(setting.string_key);
            if (auto error = o->set(into, setting.value.empty() ? std::string() : setting.value.front()))
                return config_error{errc::bad_value, where + setting.string_key + " " + *error};
        }
    }
    return {};
}

boost::system::result<command_line, config_error> parse_command_line(const std::vector<std::string>& args)
{
    static const auto description = command_line_options();
    po::positional_options_description positional;
    positional.add(stray_words, -1);
    po::parsed_options parsed(&description);
    try {
        parsed = po::command_line_parser(split_empty_adjacent(args))
                     .options(description)
                     .positional(positional)
                     .style(command_line_style)
                     .run();
    } catch (const po::error& e) {
        return from_program_options(e);
    }
    command_line result;
    for (const auto& flag : parsed.options) {
        if (flag.string_key == "help") {
            result.help_requested = true;
            return result;
        }
        if (flag.string_key == stray_words) {
            const auto& word = flag.position_key >= 0 ? flag.value.front() : std::string("--") + stray_words;
            return config_error{errc::unexpected_argument, "unexpected argument '" + word + "' (see --help)"};
        }
    }
    // The file first, wherever --config stands, so that flags win over it.
    for (const auto& flag : parsed.options) {
        if (flag.string_key != "config") continue;
        const auto& file_name = flag.value.front();
        std::ifstream file(file_name);
        if (!file) return config_error{errc::unreadable_file, "cannot read the configuration file " + file_name};
        std::ostringstream contents;
        contents << file.rdbuf();
        if (auto applied = apply_config_text(contents.str(), result.settings); !applied)
            return config_error{applied.error().code, file_name + ": " + applied.error().message};
    }
    // In the order given: of two equal flags the last wins.
    for (const auto& flag : parsed.options) {
        if (flag.string_key == "config") continue;
        const auto* o = find_option(flag.string_key);
        if (auto error = o->set(result.settings, flag.value.front()))
            return config_error{errc::bad_value, "--" + flag.string_key + " " + *error};
    }
    // Half a TLS set-up would silently serve plain HTTP where the operator asked for TLS.
    if (result.settings.tls_certificate.empty() != result.settings.tls_key.empty())
        return config_error{errc::inconsistent, "tls-certificate and tls-key go together: give both (TLS in the server) or neither"};
    return result;
}

} // namespace tillit::config
