// store: the only owner of Tillit's SQLite database (accounts, login sessions, settings,
// aggregate statistics counters, the staff audit log, and the mailbox through mailbox()). Synchronous; the server reaches it
// only through store_service (its own thread), tillit-admin uses it directly.
//
// Error policy: failures of the database itself (I/O, corruption, busy past the timeout) throw
// store_error; failures caused by input (a pseudonym already taken, an unknown account) are
// returned as values. Nothing about help-seekers is ever stored here.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace tillit::store {

class mailbox_store;

struct store_error : std::runtime_error {
    using std::runtime_error::runtime_error;
};

enum class role { counsellor, supervisor, admin };
[[nodiscard]] std::string_view to_string(role r);
[[nodiscard]] std::optional<role> parse_role(std::string_view text);

using account_id = std::int64_t;
using unix_seconds = std::int64_t;

struct account {
    account_id id = 0;
    std::string pseudonym;
    store::role role = role::counsellor;
    std::vector<std::string> languages;  // e.g. {"sv","en","ar"}
    std::vector<std::string> lanes;      // "support", "consultation"
    bool disabled = false;
    std::vector<unsigned char> login_salt;   // Argon2id salt the browser derives with
    std::string login_hash;                  // crypto_pwhash_str of the login value `auth`
    bool must_change_password = false;
    std::vector<unsigned char> identity_public_key;   // empty until the console sets up its key
    std::vector<unsigned char> wrapped_identity_key;  // secretbox blob only `wrap` opens
    std::vector<unsigned char> certificate;           // empty until certified
};

struct new_account {
    std::string pseudonym;
    store::role role = role::counsellor;
    std::vector<std::string> languages;
    std::vector<std::string> lanes;
    std::vector<unsigned char> login_salt;
    std::string login_hash;
    bool must_change_password = true;
};

struct login_session {
    account_id account = 0;
    unix_seconds expires_at = 0;
};

// One row of the aggregate statistics: a counter's value for one hour and one label set.
struct counter_row {
    unix_seconds hour = 0;     // the start of the hour, a multiple of 3600
    std::string name;          // "chats_ended", "wait_seconds", ... (stats/counter_keys.hpp)
    std::string labels;        // "lane=support,language=sv", ...
    std::int64_t value = 0;
};

struct audit_entry {
    unix_seconds at = 0;
    std::string actor;    // a staff pseudonym, or "admin-cli"
    std::string action;   // "login", "login_failed", "duty_on", "account_created", ...
    std::string subject;  // the account acted on, or empty
};

class store {
public:
    // Opens (creating if needed) the database at `path`, or an in-memory one for ":memory:";
    // turns on WAL (files only), foreign keys and secure_delete, sets a busy timeout so that
    // tillit-admin and the server can share the file, and applies every pending migration.
    // Throws store_error when the file cannot be opened or migrated.
    explicit store(const std::string& path);
    ~store();
    store(const store&) = delete;
    store& operator=(const store&) = delete;

    [[nodiscard]] int schema_version();

    // Accounts. create_account returns nullopt when the pseudonym is taken.
    [[nodiscard]] std::optional<account_id> create_account(const new_account& a, unix_seconds now);
    [[nodiscard]] std::optional<account> find_account(std::string_view pseudonym);
    [[nodiscard]] std::optional<account> find_account(account_id id);
    [[nodiscard]] std::vector<account> list_accounts();
    // Each setter returns false when no account has that pseudonym.
    bool set_disabled(std::string_view pseudonym, bool disabled);
    bool set_role(std::string_view pseudonym, role r);
    bool set_languages(std::string_view pseudonym, const std::vector<std::string>& languages);
    bool set_lanes(std::string_view pseudonym, const std::vector<std::string>& lanes);
    // Replaces the login salt and hash. A reset (must_change = true) also drops the identity
    // key, its wrapping and its certificate, and the account's mailbox keys: the old password
    // cannot open them any more.
    bool set_login(std::string_view pseudonym, const std::vector<unsigned char>& salt, const std::string& hash,
                   bool must_change);
    bool set_identity_key(account_id id, const std::vector<unsigned char>& public_key,
                          const std::vector<unsigned char>& wrapped_secret_key);
    bool set_certificate(account_id id, const std::vector<unsigned char>& certificate);

    // Login sessions: only the BLAKE2b hash of a token is stored.
    void create_session(const std::vector<unsigned char>& token_hash, account_id account, unix_seconds expires_at);
    // Returns the session only if it exists and has not expired at `now`.
    [[nodiscard]] std::optional<login_session> find_session(const std::vector<unsigned char>& token_hash, unix_seconds now);
    void delete_session(const std::vector<unsigned char>& token_hash);
    void delete_sessions_of(account_id account);
    // Returns how many expired sessions were removed.
    int purge_expired_sessions(unix_seconds now);

    // Settings: opening hours, closed-hours texts, emergency numbers (values are JSON text).
    [[nodiscard]] std::optional<std::string> setting(std::string_view key);
    void put_setting(std::string_view key, std::string_view value);

    // Aggregate counters, keyed by the hour (unix seconds rounded down to the hour), a counter
    // name and a label string; never a row per chat.
    void add_to_counter(unix_seconds hour, std::string_view name, std::string_view labels, std::int64_t amount);
    [[nodiscard]] std::int64_t counter(unix_seconds hour, std::string_view name, std::string_view labels);
    // Adds every row's value to its counter in one transaction (all or nothing).
    void add_to_counters(const std::vector<counter_row>& increments);
    // Every counter row with from_hour <= hour < to_hour, by hour, name and labels.
    [[nodiscard]] std::vector<counter_row> counter_rows(unix_seconds from_hour, unix_seconds to_hour);
    // Deletes the rows of hours before `hour` (retention); returns how many were deleted.
    int delete_counters_before(unix_seconds hour);

    // The languages that enabled counsellor accounts serve, sorted, without repeats: what the
    // statistics may name (any other language a help-seeker chose is counted as "other").
    [[nodiscard]] std::vector<std::string> served_languages();

    // The random ids of chats in progress (CRYPTO.md's sid, 16 bytes): nothing else about a chat
    // is stored. A chat is restorable after a crash only while its id is here.
    void add_live_chat(std::span<const unsigned char> sid);
    void remove_live_chat(std::span<const unsigned char> sid);
    [[nodiscard]] std::vector<std::vector<unsigned char>> live_chats();

    // Staff audit log (never help-seeker data).
    void append_audit(const audit_entry& entry);
    [[nodiscard]] std::vector<audit_entry> audit_entries(int limit);

    // Writes the write-ahead log back into the database file (used at shutdown).
    void checkpoint();

    // The mailbox's threads, letters and mailbox keys (store/mailbox_store.hpp). Same thread
    // rules as every other function here.
    [[nodiscard]] mailbox_store& mailbox();

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace tillit::store
