// store: the SQLite-backed implementation of tillit::store::store (see store.hpp). A little over
// 400 lines: one statement per function of store.hpp, which would gain nothing from a split.
#include "store/store.hpp"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "store/mailbox_store.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace tillit::store {
namespace {

constexpr std::array role_names{std::string_view{"counsellor"}, std::string_view{"supervisor"}, std::string_view{"admin"}};

// languages and lanes are short lists of plain tokens; comma-separated text keeps them
// readable in the database and needs no join table.
std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += ',';
        out += item;
    }
    return out;
}

std::vector<std::string> split(std::string_view text)
{
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const auto item = text.substr(0, comma);
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

constexpr const char* account_columns =
    "id, pseudonym, role, languages, lanes, disabled, login_salt, login_hash, must_change_password, "
    "identity_public_key, wrapped_identity_key, certificate";

account read_account(const statement& row)
{
    account a;
    a.id = row.column_int64(0);
    a.pseudonym = row.column_text(1);
    // The CHECK constraint keeps the role to the three names.
    a.role = parse_role(row.column_text(2)).value_or(role::counsellor);
    a.languages = split(row.column_text(3));
    a.lanes = split(row.column_text(4));
    a.disabled = row.column_int64(5) != 0;
    a.login_salt = row.column_blob(6);
    a.login_hash = row.column_text(7);
    a.must_change_password = row.column_int64(8) != 0;
    a.identity_public_key = row.column_blob(9);
    a.wrapped_identity_key = row.column_blob(10);
    a.certificate = row.column_blob(11);
    return a;
}

} // namespace

std::string_view to_string(role r) { return role_names[static_cast<std::size_t>(r)]; }

std::optional<role> parse_role(std::string_view text)
{
    for (std::size_t i = 0; i < role_names.size(); ++i)
        if (role_names[i] == text) return static_cast<role>(i);
    return std::nullopt;
}

struct store::impl {
    explicit impl(const std::string& path) : db(path) {}
    database db;
    mailbox_store mailbox{db};

    // Runs an UPDATE keyed by pseudonym (?1) and reports whether a row matched.
    template <class Bind>
    bool update_by_pseudonym(const char* sql, std::string_view pseudonym, Bind&& bind_rest)
    {
        statement s(db, sql);
        s.bind(1, pseudonym);
        bind_rest(s);
        s.run();
        return db.changes() > 0;
    }
};

store::store(const std::string& path) : impl_(std::make_unique<impl>(path))
{
    auto& db = impl_->db;
    // Set before anything else so that even the journal-mode switch waits for the server.
    db.busy_timeout(5000);
    if (!db.in_memory()) {
        statement wal(db, "PRAGMA journal_mode=WAL");
        if (!wal.step() || wal.column_text(0) != "wal") throw store_error("cannot switch the database to WAL mode");
    }
    db.exec("PRAGMA foreign_keys=ON");
    // Deleted rows (sessions, accounts) are overwritten with zeros, not left in free pages.
    db.exec("PRAGMA secure_delete=ON");
    db.exec("PRAGMA synchronous=NORMAL");
    migrate(db, latest_schema_version());
}

store::~store() = default;

int store::schema_version() { return schema_version_of(impl_->db); }

std::optional<account_id> store::create_account(const new_account& a, unix_seconds now)
{
    statement s(impl_->db,
                "INSERT INTO accounts (pseudonym, role, languages, lanes, login_salt, login_hash, must_change_password, "
                "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT (pseudonym) DO NOTHING");
    s.bind(1, a.pseudonym);
    s.bind(2, to_string(a.role));
    s.bind(3, join(a.languages));
    s.bind(4, join(a.lanes));
    s.bind(5, a.login_salt);
    s.bind(6, a.login_hash);
    s.bind(7, std::int64_t{a.must_change_password});
    s.bind(8, now);
    s.run();
    if (impl_->db.changes() == 0) return std::nullopt;
    return impl_->db.last_insert_rowid();
}

std::optional<account> store::find_account(std::string_view pseudonym)
{
    statement s(impl_->db, std::string("SELECT ") + account_columns + " FROM accounts WHERE pseudonym = ?1");
    s.bind(1, pseudonym);
    if (!s.step()) return std::nullopt;
    return read_account(s);
}

std::optional<account> store::find_account(account_id id)
{
    statement s(impl_->db, std::string("SELECT ") + account_columns + " FROM accounts WHERE id = ?1");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    return read_account(s);
}

std::vector<account> store::list_accounts()
{
    statement s(impl_->db, std::string("SELECT ") + account_columns + " FROM accounts ORDER BY pseudonym");
    std::vector<account> out;
    while (s.step()) out.push_back(read_account(s));
    return out;
}

bool store::set_disabled(std::string_view pseudonym, bool disabled)
{
    return impl_->update_by_pseudonym("UPDATE accounts SET disabled = ?2 WHERE pseudonym = ?1", pseudonym,
                                      [&](statement& s) { s.bind(2, std::int64_t{disabled}); });
}

bool store::set_role(std::string_view pseudonym, role r)
{
    return impl_->update_by_pseudonym("UPDATE accounts SET role = ?2 WHERE pseudonym = ?1", pseudonym,
                                      [&](statement& s) { s.bind(2, to_string(r)); });
}

bool store::set_languages(std::string_view pseudonym, const std::vector<std::string>& languages)
{
    return impl_->update_by_pseudonym("UPDATE accounts SET languages = ?2 WHERE pseudonym = ?1", pseudonym,
                                      [&](statement& s) { s.bind(2, join(languages)); });
}

bool store::set_lanes(std::string_view pseudonym, const std::vector<std::string>& lanes)
{
    return impl_->update_by_pseudonym("UPDATE accounts SET lanes = ?2 WHERE pseudonym = ?1", pseudonym,
                                      [&](statement& s) { s.bind(2, join(lanes)); });
}

bool store::set_login(std::string_view pseudonym, const std::vector<unsigned char>& salt, const std::string& hash,
                      bool must_change)
{
    // On a reset the identity key and the mailbox keys are wrapped with a key derived from the
    // old password, which nobody may use any more: drop them, and the identity's certificate.
    transaction tx(impl_->db);
    if (must_change) {
        statement keys(impl_->db,
                       "DELETE FROM mailbox_keys WHERE account_id = (SELECT id FROM accounts WHERE pseudonym = ?1)");
        keys.bind(1, pseudonym);
        keys.run();
    }
    const char* sql = must_change
                          ? "UPDATE accounts SET login_salt = ?2, login_hash = ?3, must_change_password = 1, "
                            "identity_public_key = NULL, wrapped_identity_key = NULL, certificate = NULL "
                            "WHERE pseudonym = ?1"
                          : "UPDATE accounts SET login_salt = ?2, login_hash = ?3, must_change_password = 0 "
                            "WHERE pseudonym = ?1";
    const bool found = impl_->update_by_pseudonym(sql, pseudonym, [&](statement& s) {
        s.bind(2, salt);
        s.bind(3, hash);
    });
    tx.commit();
    return found;
}

bool store::set_identity_key(account_id id, const std::vector<unsigned char>& public_key,
                             const std::vector<unsigned char>& wrapped_secret_key)
{
    // A certificate vouches for one key: a new key needs a new certificate.
    statement s(impl_->db,
                "UPDATE accounts SET identity_public_key = ?2, wrapped_identity_key = ?3, certificate = NULL WHERE id = ?1");
    s.bind(1, id);
    s.bind(2, public_key);
    s.bind(3, wrapped_secret_key);
    s.run();
    return impl_->db.changes() > 0;
}

bool store::set_certificate(account_id id, const std::vector<unsigned char>& certificate)
{
    statement s(impl_->db, "UPDATE accounts SET certificate = ?2 WHERE id = ?1");
    s.bind(1, id);
    s.bind(2, certificate);
    s.run();
    return impl_->db.changes() > 0;
}

void store::create_session(const std::vector<unsigned char>& token_hash, account_id account, unix_seconds expires_at)
{
    statement s(impl_->db, "INSERT INTO login_sessions (token_hash, account_id, expires_at) VALUES (?1, ?2, ?3)");
    s.bind(1, token_hash);
    s.bind(2, account);
    s.bind(3, expires_at);
    s.run();
}

std::optional<login_session> store::find_session(const std::vector<unsigned char>& token_hash, unix_seconds now)
{
    statement s(impl_->db, "SELECT account_id, expires_at FROM login_sessions WHERE token_hash = ?1 AND expires_at > ?2");
    s.bind(1, token_hash);
    s.bind(2, now);
    if (!s.step()) return std::nullopt;
    return login_session{s.column_int64(0), s.column_int64(1)};
}

void store::delete_session(const std::vector<unsigned char>& token_hash)
{
    statement s(impl_->db, "DELETE FROM login_sessions WHERE token_hash = ?1");
    s.bind(1, token_hash);
    s.run();
}

void store::add_live_chat(std::span<const unsigned char> sid)
{
    statement s(impl_->db, "INSERT OR IGNORE INTO live_chats (sid) VALUES (?1)");
    s.bind(1, sid);
    s.run();
}

void store::remove_live_chat(std::span<const unsigned char> sid)
{
    statement s(impl_->db, "DELETE FROM live_chats WHERE sid = ?1");
    s.bind(1, sid);
    s.run();
}

std::vector<std::vector<unsigned char>> store::live_chats()
{
    statement s(impl_->db, "SELECT sid FROM live_chats");
    std::vector<std::vector<unsigned char>> ids;
    while (s.step()) ids.push_back(s.column_blob(0));
    return ids;
}

void store::delete_sessions_of(account_id account)
{
    statement s(impl_->db, "DELETE FROM login_sessions WHERE account_id = ?1");
    s.bind(1, account);
    s.run();
}

int store::purge_expired_sessions(unix_seconds now)
{
    statement s(impl_->db, "DELETE FROM login_sessions WHERE expires_at <= ?1");
    s.bind(1, now);
    s.run();
    return impl_->db.changes();
}

std::optional<std::string> store::setting(std::string_view key)
{
    statement s(impl_->db, "SELECT value FROM settings WHERE key = ?1");
    s.bind(1, key);
    if (!s.step()) return std::nullopt;
    return s.column_text(0);
}

void store::put_setting(std::string_view key, std::string_view value)
{
    statement s(impl_->db,
                "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    s.bind(1, key);
    s.bind(2, value);
    s.run();
}

void store::add_to_counter(unix_seconds hour, std::string_view name, std::string_view labels, std::int64_t amount)
{
    statement s(impl_->db,
                "INSERT INTO stats_counters (hour, name, labels, value) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (hour, name, labels) DO UPDATE SET value = value + excluded.value");
    s.bind(1, hour);
    s.bind(2, name);
    s.bind(3, labels);
    s.bind(4, amount);
    s.run();
}

std::int64_t store::counter(unix_seconds hour, std::string_view name, std::string_view labels)
{
    statement s(impl_->db, "SELECT value FROM stats_counters WHERE hour = ?1 AND name = ?2 AND labels = ?3");
    s.bind(1, hour);
    s.bind(2, name);
    s.bind(3, labels);
    return s.step() ? s.column_int64(0) : 0;
}

void store::add_to_counters(const std::vector<counter_row>& increments)
{
    if (increments.empty()) return;
    transaction tx(impl_->db);
    statement s(impl_->db,
                "INSERT INTO stats_counters (hour, name, labels, value) VALUES (?1, ?2, ?3, ?4) "
                "ON CONFLICT (hour, name, labels) DO UPDATE SET value = value + excluded.value");
    for (const auto& row : increments) {
        s.reset();
        s.bind(1, row.hour);
        s.bind(2, row.name);
        s.bind(3, row.labels);
        s.bind(4, row.value);
        s.run();
    }
    tx.commit();
}

std::vector<counter_row> store::counter_rows(unix_seconds from_hour, unix_seconds to_hour)
{
    statement s(impl_->db,
                "SELECT hour, name, labels, value FROM stats_counters WHERE hour >= ?1 AND hour < ?2 "
                "ORDER BY hour, name, labels");
    s.bind(1, from_hour);
    s.bind(2, to_hour);
    std::vector<counter_row> out;
    while (s.step()) out.push_back({s.column_int64(0), s.column_text(1), s.column_text(2), s.column_int64(3)});
    return out;
}

int store::delete_counters_before(unix_seconds hour)
{
    statement s(impl_->db, "DELETE FROM stats_counters WHERE hour < ?1");
    s.bind(1, hour);
    s.run();
    return impl_->db.changes();
}

std::vector<std::string> store::served_languages()
{
    statement s(impl_->db, "SELECT languages FROM accounts WHERE disabled = 0 AND role = 'counsellor'");
    std::vector<std::string> out;
    while (s.step())
        for (auto& language : split(s.column_text(0))) out.push_back(std::move(language));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

void store::append_audit(const audit_entry& entry)
{
    statement s(impl_->db, "INSERT INTO audit_log (at, actor, action, subject) VALUES (?1, ?2, ?3, ?4)");
    s.bind(1, entry.at);
    s.bind(2, entry.actor);
    s.bind(3, entry.action);
    s.bind(4, entry.subject);
    s.run();
}

std::vector<audit_entry> store::audit_entries(int limit)
{
    // Newest first: the order an operator reads a log in.
    statement s(impl_->db, "SELECT at, actor, action, subject FROM audit_log ORDER BY id DESC LIMIT ?1");
    s.bind(1, std::int64_t{limit});
    std::vector<audit_entry> out;
    while (s.step()) out.push_back({s.column_int64(0), s.column_text(1), s.column_text(2), s.column_text(3)});
    return out;
}

mailbox_store& store::mailbox() { return impl_->mailbox; }

void store::checkpoint()
{
    if (impl_->db.in_memory()) return;
    // The row says (busy, log frames, checkpointed frames). busy = 1 (another connection, e.g.
    // tillit-admin, still reading) is not a failure: the log is kept and checkpointed later.
    statement s(impl_->db, "PRAGMA wal_checkpoint(TRUNCATE)");
    s.step();
}

} // namespace tillit::store
