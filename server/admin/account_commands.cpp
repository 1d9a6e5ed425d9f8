// account_commands: staff accounts and their login values, exactly as a browser derives them.
#include "admin/account_commands.hpp"

#include <algorithm>
#include <array>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include <sodium.h>

#include "tillit/crypto/login_keys.hpp"

namespace tillit::admin {
namespace {

constexpr std::size_t max_password_bytes = 1024;

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

std::string_view key_state(const store::account& a)
{
    if (a.identity_public_key.empty()) return "none";
    if (a.certificate.empty()) return "awaiting certification";
    return "certified";
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

constexpr command commands[] = {
    {"account", "create", account_create, R"(usage: tillit-admin account create PSEUDONYM --role counsellor|supervisor|admin
                          [--languages sv,en,ar] [--lanes support,consultation] [--password-stdin]

Creates a staff account. PSEUDONYM: 2-40 of a-z 0-9 . _ -
  --languages  language codes the counsellor answers in (default sv)
  --lanes      support and/or consultation (default support)
  --password-stdin  read the password from the first line of standard input; otherwise a
               one-time password is printed once and must be changed at first login.
)"},
    {"account", "list", account_list,
     "usage: tillit-admin account list\n\nLists accounts: pseudonym, role, languages, lanes, state, key state.\n"},
    {"account", "disable", [](const context& c, std::span<const std::string> a) { return account_set_enabled(c, a, false); },
     "usage: tillit-admin account disable PSEUDONYM\n\nBlocks login and ends the account's sessions.\n"},
    {"account", "enable", [](const context& c, std::span<const std::string> a) { return account_set_enabled(c, a, true); },
     "usage: tillit-admin account enable PSEUDONYM\n\nAllows a disabled account to log in again.\n"},
    {"account", "set-role", account_set_role, "usage: tillit-admin account set-role PSEUDONYM counsellor|supervisor|admin\n"},
    {"account", "set-languages", [](const context& c, std::span<const std::string> a) { return account_set_list(c, a, true); },
     "usage: tillit-admin account set-languages PSEUDONYM LIST\n\nLIST: comma-separated codes, e.g. sv,en,ar\n"},
    {"account", "set-lanes", [](const context& c, std::span<const std::string> a) { return account_set_list(c, a, false); },
     "usage: tillit-admin account set-lanes PSEUDONYM LIST\n\nLIST: support, consultation or support,consultation\n"},
    {"account", "reset-password", account_reset_password, R"(usage: tillit-admin account reset-password PSEUDONYM

Prints a new one-time password once, ends the account's sessions and drops its identity key
and certificate (the old password wrapped them); the key must be set up and certified again.
)"},
};

} // namespace

std::span<const command> account_commands() { return commands; }

} // namespace tillit::admin
