// admin_commands: parsing and running tillit-admin's commands (see admin_commands.hpp).
#include "admin/admin_commands.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <filesystem>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

#include "store/settings.hpp"
#include "store/store.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::admin {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view actor = "admin-cli";
constexpr std::size_t max_languages = 20;
constexpr std::size_t max_password_bytes = 1024;

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

exit status: 0 done, 1 operation failed (e.g. unknown account), 2 usage error
)";

struct command_help {
    std::string_view group;
    std::string_view name;
    std::string_view text;
};

constexpr command_help helps[] = {
    {"account", "create", R"(usage: tillit-admin account create PSEUDONYM --role counsellor|supervisor|admin
                          [--languages sv,en,ar] [--lanes support,consultation] [--password-stdin]

Creates a staff account. PSEUDONYM: 2-40 of a-z 0-9 . _ -
  --languages  language codes the counsellor answers in (default sv)
  --lanes      support and/or consultation (default support)
  --password-stdin  read the password from the first line of standard input; otherwise a
               one-time password is printed once and must be changed at first login.
)"},
    {"account", "list", "usage: tillit-admin account list\n\nLists accounts: pseudonym, role, languages, lanes, state, key state.\n"},
    {"account", "disable", "usage: tillit-admin account disable PSEUDONYM\n\nBlocks login and ends the account's sessions.\n"},
    {"account", "enable", "usage: tillit-admin account enable PSEUDONYM\n\nAllows a disabled account to log in again.\n"},
    {"account", "set-role", "usage: tillit-admin account set-role PSEUDONYM counsellor|supervisor|admin\n"},
    {"account", "set-languages", "usage: tillit-admin account set-languages PSEUDONYM LIST\n\nLIST: comma-separated codes, e.g. sv,en,ar\n"},
    {"account", "set-lanes", "usage: tillit-admin account set-lanes PSEUDONYM LIST\n\nLIST: support, consultation or support,consultation\n"},
    {"account", "reset-password", R"(usage: tillit-admin account reset-password PSEUDONYM

Prints a new one-time password once, ends the account's sessions and drops its identity key
and certificate (the old password wrapped them); the key must be set up and certified again.
)"},
    {"hours", "show", "usage: tillit-admin hours show\n"},
    {"hours", "set", R"(usage: tillit-admin hours set [--timezone TZ] [--mon RANGES] [--tue RANGES] ... [--sun RANGES]

RANGES: closed, or HH:MM-HH:MM[,HH:MM-HH:MM...] in the time zone (closing may be 24:00).
Days not given keep their hours. Example: --timezone Europe/Stockholm --mon 09:00-12:00,13:00-16:00 --sat closed
)"},
    {"emergency", "show", "usage: tillit-admin emergency show\n"},
    {"emergency", "set", R"(usage: tillit-admin emergency set LABEL=NUMBER [LABEL=NUMBER...]

Replaces the whole list, in the order given. Example:
  tillit-admin emergency set "Emergency: police, ambulance=112" "Kvinnofridslinjen=020-50 50 50"
)"},
    {"closed-text", "show", "usage: tillit-admin closed-text show\n"},
    {"closed-text", "set", "usage: tillit-admin closed-text set LANG TEXT\n\nSets the text shown in language LANG (e.g. sv) while the centre is closed.\n"},
};

// Thrown for bad command lines (exit 2) and failed operations (exit 1); caught in run_admin.
struct usage_error {
    std::string message;
};
struct operation_error {
    std::string message;
};

// A command line split into options (--name VALUE, --name=VALUE, or a flag) and positionals.
struct parsed_args {
    std::map<std::string, std::string, std::less<>> options;
    std::vector<std::string> positionals;

    [[nodiscard]] const std::string* option(std::string_view name) const
    {
        const auto it = options.find(name);
        return it == options.end() ? nullptr : &it->second;
    }
};

parsed_args parse_args(std::span<const std::string> args, const std::set<std::string, std::less<>>& with_value,
                       const std::set<std::string, std::less<>>& flags)
{
    parsed_args out;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
            out.positionals.push_back(arg);
            continue;
        }
        std::string name = arg.substr(2);
        std::optional<std::string> value;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            value = name.substr(eq + 1);
            name.resize(eq);
        }
        if (flags.contains(name)) {
            if (value) throw usage_error{"--" + name + " takes no value"};
            value = "";
        } else if (with_value.contains(name)) {
            if (!value) {
                if (i + 1 >= args.size()) throw usage_error{"--" + name + " needs a value"};
                value = args[++i];
            }
        } else {
            throw usage_error{"unknown option --" + name};
        }
        if (!out.options.emplace(name, *value).second) throw usage_error{"--" + name + " given twice"};
    }
    return out;
}

void expect_positionals(const parsed_args& a, std::size_t count, std::string_view what)
{
    if (a.positionals.size() < count) throw usage_error{"missing " + std::string(what)};
    if (a.positionals.size() > count) throw usage_error{"unexpected argument \"" + a.positionals[count] + "\""};
}

std::vector<std::string> split_list(std::string_view text)
{
    std::vector<std::string> items;
    while (true) {
        const auto comma = text.find(',');
        items.emplace_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return items;
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
    return out;
}

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
    auto items = split_list(text);
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
    auto items = split_list(text);
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

// Wipes a password held in a std::string before it is released.
struct password_wiper {
    std::string& text;
    ~password_wiper() { sodium_memzero(text.data(), text.size()); }
};

struct login_values {
    std::vector<unsigned char> salt;
    std::string hash;
};

// Exactly what a browser does at login, so that the password later works there.
login_values make_login(std::string_view password)
{
    login_values v{crypto::random_login_salt(), {}};
    const auto keys = crypto::derive_login_keys(password, v.salt);
    if (!keys) throw operation_error{"cannot derive the login key (out of memory?)"};
    auto hash = crypto::hash_login_value(keys->auth.span());
    if (!hash) throw operation_error{"cannot hash the login value (out of memory?)"};
    v.hash = std::move(*hash);
    return v;
}

store::account existing_account(store::store& db, std::string_view pseudonym)
{
    auto a = db.find_account(pseudonym);
    if (!a) throw operation_error{"no account named \"" + std::string(pseudonym) + "\""};
    return std::move(*a);
}

std::string_view key_state(const store::account& a)
{
    if (a.identity_public_key.empty()) return "none";
    if (a.certificate.empty()) return "awaiting certification";
    return "certified";
}

// --- commands (each returns the exit status; usage was checked before the store opened) ---

struct context {
    fs::path data_dir;
    std::istream& in;
    std::ostream& out;
};

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

int account_create(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {"role", "languages", "lanes"}, {"password-stdin"});
    expect_positionals(a, 1, "PSEUDONYM");
    store::new_account n;
    n.pseudonym = checked_pseudonym(a.positionals[0]);
    const auto* role = a.option("role");
    if (role == nullptr) throw usage_error{"missing --role (counsellor, supervisor or admin)"};
    n.role = checked_role(*role);
    n.languages = checked_languages(a.option("languages") ? *a.option("languages") : "sv");
    n.lanes = checked_lanes(a.option("lanes") ? *a.option("lanes") : "support");

    std::string password;
    password_wiper wipe{password};
    const bool from_stdin = a.option("password-stdin") != nullptr;
    if (from_stdin) {
        if (!std::getline(c.in, password)) throw usage_error{"--password-stdin: no password on standard input"};
        if (!password.empty() && password.back() == '\r') password.pop_back();
        if (password.empty()) throw usage_error{"--password-stdin: the password is empty"};
        if (password.size() > max_password_bytes) throw usage_error{"--password-stdin: the password is too long"};
    } else {
        password = crypto::random_one_time_password();
    }

    auto db = open_store(c);
    // Check before the slow derivation; the insert below still guards against a race.
    if (db.find_account(n.pseudonym)) throw operation_error{"an account named \"" + n.pseudonym + "\" already exists"};
    auto login = make_login(password);
    n.login_salt = std::move(login.salt);
    n.login_hash = std::move(login.hash);
    n.must_change_password = !from_stdin;
    if (!db.create_account(n, now())) throw operation_error{"an account named \"" + n.pseudonym + "\" already exists"};
    audit(db, "account_created", n.pseudonym);
    c.out << "created " << store::to_string(n.role) << " \"" << n.pseudonym << "\"\n";
    if (!from_stdin) c.out << "one-time password (shown only now; must be changed at first login): " << password << "\n";
    return 0;
}

int account_list(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    std::vector<std::array<std::string, 6>> rows{{"PSEUDONYM", "ROLE", "LANGUAGES", "LANES", "STATE", "KEY"}};
    for (const auto& a : db.list_accounts()) {
        rows.push_back({a.pseudonym, std::string(store::to_string(a.role)), a.languages.empty() ? "-" : join(a.languages),
                        a.lanes.empty() ? "-" : join(a.lanes), a.disabled ? "disabled" : "enabled", std::string(key_state(a))});
    }
    std::array<std::size_t, 6> width{};
    for (const auto& row : rows)
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            line += row[i];
            if (i + 1 < row.size()) line += std::string(width[i] - row[i].size() + 2, ' ');
        }
        c.out << line << "\n";
    }
    return 0;
}

int account_set_enabled(const context& c, std::span<const std::string> args, bool enable)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 1, "PSEUDONYM");
    const auto pseudonym = checked_pseudonym(a.positionals[0]);
    auto db = open_store(c);
    const auto account = existing_account(db, pseudonym);
    db.set_disabled(pseudonym, !enable);
    // A disabled account must not stay logged in anywhere.
    if (!enable) db.delete_sessions_of(account.id);
    audit(db, enable ? "account_enabled" : "account_disabled", pseudonym);
    c.out << (enable ? "enabled \"" : "disabled \"") << pseudonym << "\"\n";
    return 0;
}

int account_set_role(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 2, a.positionals.empty() ? "PSEUDONYM and ROLE" : "ROLE");
    const auto pseudonym = checked_pseudonym(a.positionals[0]);
    const auto r = checked_role(a.positionals[1]);
    auto db = open_store(c);
    if (!db.set_role(pseudonym, r)) throw operation_error{"no account named \"" + pseudonym + "\""};
    audit(db, "role_changed", pseudonym);
    c.out << "\"" << pseudonym << "\" is now " << store::to_string(r) << "\n";
    return 0;
}

int account_set_list(const context& c, std::span<const std::string> args, bool languages)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 2, a.positionals.empty() ? "PSEUDONYM and LIST" : "LIST");
    const auto pseudonym = checked_pseudonym(a.positionals[0]);
    const auto items = languages ? checked_languages(a.positionals[1]) : checked_lanes(a.positionals[1]);
    auto db = open_store(c);
    const bool found = languages ? db.set_languages(pseudonym, items) : db.set_lanes(pseudonym, items);
    if (!found) throw operation_error{"no account named \"" + pseudonym + "\""};
    audit(db, languages ? "languages_changed" : "lanes_changed", pseudonym);
    c.out << (languages ? "languages of \"" : "lanes of \"") << pseudonym << "\": " << join(items) << "\n";
    return 0;
}

int account_reset_password(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 1, "PSEUDONYM");
    const auto pseudonym = checked_pseudonym(a.positionals[0]);
    auto db = open_store(c);
    const auto account = existing_account(db, pseudonym);
    std::string password = crypto::random_one_time_password();
    password_wiper wipe{password};
    const auto login = make_login(password);
    if (!db.set_login(pseudonym, login.salt, login.hash, true)) throw operation_error{"no account named \"" + pseudonym + "\""};
    db.delete_sessions_of(account.id);
    audit(db, "password_reset", pseudonym);
    c.out << "password of \"" << pseudonym << "\" reset; sessions ended; identity key dropped\n";
    c.out << "one-time password (shown only now; must be changed at first login): " << password << "\n";
    return 0;
}

store::opening_hours loaded_hours(store::store& db)
{
    auto hours = store::load_opening_hours(db);
    if (!hours) throw operation_error{hours.error};
    return std::move(*hours.value);
}

void print_hours(std::ostream& out, const store::opening_hours& hours)
{
    out << "timezone: " << hours.timezone << "\n";
    for (std::size_t d = 0; d < hours.days.size(); ++d)
        out << store::day_names[d] << ": " << store::format_day_ranges(hours.days[d]) << "\n";
}

int hours_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    print_hours(c.out, loaded_hours(db));
    return 0;
}

int hours_set(const context& c, std::span<const std::string> args)
{
    std::set<std::string, std::less<>> names{"timezone"};
    for (const auto day : store::day_names) names.emplace(day);
    const auto a = parse_args(args, names, {});
    expect_positionals(a, 0, "");
    if (a.options.empty()) throw usage_error{"nothing to set (give --timezone and/or days such as --mon 08:00-16:00)"};

    // Check all input before touching the database.
    std::optional<std::string> timezone;
    if (const auto* tz = a.option("timezone")) {
        if (auto error = store::check_timezone(*tz); !error.empty()) throw usage_error{error};
        timezone = *tz;
    }
    std::array<std::optional<std::vector<store::time_range>>, 7> days;
    for (std::size_t d = 0; d < days.size(); ++d) {
        if (const auto* text = a.option(store::day_names[d])) {
            auto ranges = store::parse_day_ranges(*text);
            if (!ranges) throw usage_error{"--" + std::string(store::day_names[d]) + ": " + ranges.error};
            days[d] = std::move(*ranges.value);
        }
    }

    auto db = open_store(c);
    auto hours = loaded_hours(db);
    if (timezone) hours.timezone = *timezone;
    for (std::size_t d = 0; d < days.size(); ++d)
        if (days[d]) hours.days[d] = std::move(*days[d]);
    if (auto error = store::validate(hours); !error.empty()) throw usage_error{error};
    store::save_opening_hours(db, hours);
    audit(db, "opening_hours_changed", store::opening_hours_key);
    print_hours(c.out, hours);
    return 0;
}

int emergency_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    const auto numbers = store::load_emergency_numbers(db);
    if (!numbers) throw operation_error{numbers.error};
    // The same LABEL=NUMBER form that `emergency set` takes.
    for (const auto& n : *numbers.value) c.out << n.label << "=" << n.number << "\n";
    return 0;
}

int emergency_set(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    if (a.positionals.empty()) throw usage_error{"missing LABEL=NUMBER"};
    std::vector<store::emergency_number> numbers;
    for (const auto& item : a.positionals) {
        // The number never holds "=", a label might: split at the last one.
        const auto eq = item.rfind('=');
        if (eq == std::string::npos) throw usage_error{"\"" + item + "\" is not LABEL=NUMBER"};
        numbers.push_back({item.substr(0, eq), item.substr(eq + 1)});
    }
    if (auto error = store::validate(numbers); !error.empty()) throw usage_error{error};
    auto db = open_store(c);
    store::save_emergency_numbers(db, numbers);
    audit(db, "emergency_numbers_changed", store::emergency_numbers_key);
    for (const auto& n : numbers) c.out << n.label << "=" << n.number << "\n";
    return 0;
}

int closed_text_show(const context& c, std::span<const std::string> args)
{
    expect_positionals(parse_args(args, {}, {}), 0, "");
    auto db = open_store(c);
    const auto texts = store::load_closed_texts(db);
    if (!texts) throw operation_error{texts.error};
    for (const auto& [language, text] : *texts.value) c.out << language << ": " << text << "\n";
    return 0;
}

int closed_text_set(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 2, a.positionals.empty() ? "LANG and TEXT" : "TEXT");
    const auto& language = a.positionals[0];
    const auto& text = a.positionals[1];
    if (auto error = store::validate(store::closed_texts{{language, text}}); !error.empty()) throw usage_error{error};
    auto db = open_store(c);
    auto texts = store::load_closed_texts(db);
    if (!texts) throw operation_error{texts.error};
    (*texts.value)[language] = text;
    if (auto error = store::validate(*texts.value); !error.empty()) throw usage_error{error};
    store::save_closed_texts(db, *texts.value);
    audit(db, "closed_text_changed", language);
    c.out << "closed text for " << language << " set\n";
    return 0;
}

using handler = int (*)(const context&, std::span<const std::string>);

struct command {
    std::string_view group;
    std::string_view name;
    handler run;
};

constexpr command commands[] = {
    {"account", "create", account_create},
    {"account", "list", account_list},
    {"account", "disable", [](const context& c, std::span<const std::string> a) { return account_set_enabled(c, a, false); }},
    {"account", "enable", [](const context& c, std::span<const std::string> a) { return account_set_enabled(c, a, true); }},
    {"account", "set-role", account_set_role},
    {"account", "set-languages", [](const context& c, std::span<const std::string> a) { return account_set_list(c, a, true); }},
    {"account", "set-lanes", [](const context& c, std::span<const std::string> a) { return account_set_list(c, a, false); }},
    {"account", "reset-password", account_reset_password},
    {"hours", "show", hours_show},
    {"hours", "set", hours_set},
    {"emergency", "show", emergency_show},
    {"emergency", "set", emergency_set},
    {"closed-text", "show", closed_text_show},
    {"closed-text", "set", closed_text_set},
};

std::string_view help_of(std::string_view group, std::string_view name)
{
    for (const auto& h : helps)
        if (h.group == group && h.name == name) return h.text;
    return main_help;
}

bool is_known_group(std::string_view group)
{
    return std::any_of(std::begin(commands), std::end(commands), [&](const command& c) { return c.group == group; });
}

} // namespace

int run_admin(std::vector<std::string> args, std::istream& in, std::ostream& out, std::ostream& err)
{
    std::string_view group;
    std::string_view name;
    try {
        // The global option may stand anywhere (scripts put it first or last); take it out.
        fs::path data_dir = "data";
        bool data_dir_given = false;
        for (auto it = args.begin(); it != args.end();) {
            std::optional<std::string> value;
            if (*it == "--data-dir") {
                if (it + 1 == args.end()) throw usage_error{"--data-dir needs a value"};
                value = *(it + 1);
                it = args.erase(it, it + 2);
            } else if (it->starts_with("--data-dir=")) {
                value = it->substr(std::string_view("--data-dir=").size());
                it = args.erase(it);
            } else {
                ++it;
                continue;
            }
            if (data_dir_given) throw usage_error{"--data-dir given twice"};
            if (value->empty()) throw usage_error{"--data-dir is empty"};
            data_dir = *value;
            data_dir_given = true;
        }
        std::size_t i = 0;
        if (i < args.size() && args[i] == "--help") {
            out << main_help;
            return 0;
        }
        if (i < args.size() && args[i].starts_with("--")) throw usage_error{"unknown option " + args[i]};
        if (i >= args.size()) throw usage_error{"missing command"};
        group = args[i++];
        if (!is_known_group(group)) throw usage_error{"unknown command \"" + std::string(group) + "\""};
        if (i >= args.size() || args[i] == "--help") {
            if (i < args.size()) {
                out << main_help;
                return 0;
            }
            throw usage_error{"missing subcommand after \"" + std::string(group) + "\""};
        }
        name = args[i++];
        const auto* found = std::find_if(std::begin(commands), std::end(commands),
                                         [&](const command& c) { return c.group == group && c.name == name; });
        if (found == std::end(commands)) {
            const std::string unknown = "unknown command \"" + std::string(group) + " " + std::string(name) + "\"";
            name = {};
            throw usage_error{unknown};
        }
        const std::span<const std::string> rest(args.data() + i, args.size() - i);
        if (std::find(rest.begin(), rest.end(), "--help") != rest.end()) {
            out << help_of(group, name);
            return 0;
        }
        return found->run(context{data_dir, in, out}, rest);
    } catch (const usage_error& e) {
        err << "tillit-admin: " << e.message << "\n";
        if (!name.empty())
            err << "try: tillit-admin " << group << " " << name << " --help\n";
        else
            err << "try: tillit-admin --help\n";
        return 2;
    } catch (const operation_error& e) {
        err << "tillit-admin: " << e.message << "\n";
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
