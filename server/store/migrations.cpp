// migrations: the ordered list of schema changes (append only: never edit a released one).
#include "store/migrations.hpp"

#include <array>
#include <string>

namespace tillit::store {
namespace {

// v1: staff accounts, their login sessions and the operator's settings. The settings rows
// are the canonical JSON that settings.cpp writes (settings_test checks that they match).
// No column here, or anywhere, for IP addresses, user agents or anything about help-seekers.
constexpr const char* v1 = R"sql(
CREATE TABLE accounts (
    id                   INTEGER PRIMARY KEY,
    pseudonym            TEXT    NOT NULL UNIQUE,
    role                 TEXT    NOT NULL CHECK (role IN ('counsellor', 'supervisor', 'admin')),
    languages            TEXT    NOT NULL DEFAULT '',
    lanes                TEXT    NOT NULL DEFAULT '',
    disabled             INTEGER NOT NULL DEFAULT 0,
    login_salt           BLOB    NOT NULL,
    login_hash           TEXT    NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 1,
    identity_public_key  BLOB,
    wrapped_identity_key BLOB,
    certificate          BLOB,
    created_at           INTEGER NOT NULL
);
CREATE TABLE login_sessions (
    token_hash BLOB    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    expires_at INTEGER NOT NULL
);
CREATE INDEX login_sessions_by_account ON login_sessions(account_id);
CREATE INDEX login_sessions_by_expiry ON login_sessions(expires_at);
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO settings (key, value) VALUES
('opening_hours', '{"timezone":"Europe/Stockholm","days":{"mon":[{"open":"08:00","close":"16:00"}],"tue":[{"open":"08:00","close":"16:00"}],"wed":[{"open":"08:00","close":"16:00"}],"thu":[{"open":"08:00","close":"16:00"}],"fri":[{"open":"08:00","close":"16:00"}],"sat":[],"sun":[]}}'),
('emergency_numbers', '[{"label":"Emergency: police, ambulance","number":"112"},{"label":"Police, non-urgent","number":"114 14"},{"label":"Kvinnofridslinjen","number":"020-50 50 50"},{"label":"BRIS for children","number":"116 111"}]'),
('closed_text', '{"ar":"المحادثة مغلقة الآن. إذا كنت في خطر فوري، اتصل بالرقم 112. يمكنك أيضًا الاتصال بـ Kvinnofridslinjen على الرقم 020-50 50 50 (على مدار الساعة)، أو بـ BRIS على الرقم 116 111 إذا كنت طفلًا أو شابًا.","en":"The chat is closed right now. If you are in immediate danger, call 112. You can also call Kvinnofridslinjen on 020-50 50 50 (open around the clock), or BRIS on 116 111 if you are a child or young person.","sv":"Chatten är stängd just nu. Är du i akut fara, ring 112. Du kan också ringa Kvinnofridslinjen på 020-50 50 50 (öppen dygnet runt), eller BRIS på 116 111 om du är barn eller ung."}');
)sql";

// v2: aggregate statistics (one row per hour, counter and label set: never a row per chat)
// and the staff audit log.
constexpr const char* v2 = R"sql(
CREATE TABLE stats_counters (
    hour   INTEGER NOT NULL,
    name   TEXT    NOT NULL,
    labels TEXT    NOT NULL,
    value  INTEGER NOT NULL,
    PRIMARY KEY (hour, name, labels)
) WITHOUT ROWID;
CREATE TABLE audit_log (
    id      INTEGER PRIMARY KEY,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    subject TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_time ON audit_log(at);
)sql";

// v3: the random ids of the chats in progress, so that after a crash a chat that was live can be
// restored from its resume token and one that had ended cannot. Nothing else: no time, no side,
// nothing about the person; each row is deleted when its chat ends (secure_delete is on).
constexpr const char* v3 = R"sql(
CREATE TABLE live_chats (
    sid BLOB PRIMARY KEY
) WITHOUT ROWID;
)sql";

// v4: the mailbox (issue 16). Only what the server cannot read (each letter's ciphertext and its
// envelopes: k sealed to one reader's public key) and what it needs to route a thread: lane,
// language, optional age band and topic, the thread's public key HK_pk, BLAKE2b-256 of box_auth,
// the counsellor who answered, and times to the hour only (CHECKs refuse anything finer). Nothing
// about the writer. Deleting a thread deletes its letters and their envelopes (ON DELETE CASCADE);
// mailbox_keys holds each counsellor's mailbox keys (MK_sk wrapped under their `wrap`).
constexpr const char* v4 = R"sql(
CREATE TABLE mailbox_threads (
    box_id           BLOB    PRIMARY KEY CHECK (length(box_id) = 16),
    auth_hash        BLOB    NOT NULL,
    thread_key       BLOB    NOT NULL,
    lane             TEXT    NOT NULL,
    language         TEXT    NOT NULL,
    age_band         TEXT,
    topic            TEXT,
    counsellor       INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    reply_by         INTEGER CHECK (reply_by % 3600 = 0),
    waiting_since    INTEGER CHECK (waiting_since % 3600 = 0),
    last_letter_hour INTEGER NOT NULL CHECK (last_letter_hour % 3600 = 0),
    letters          INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX mailbox_threads_by_last_letter ON mailbox_threads(last_letter_hour);
CREATE TABLE mailbox_letters (
    box_id     BLOB    NOT NULL REFERENCES mailbox_threads(box_id) ON DELETE CASCADE,
    number     INTEGER NOT NULL CHECK (number >= 1),
    from_side  TEXT    NOT NULL CHECK (from_side IN ('help_seeker', 'counsellor')),
    hour       INTEGER NOT NULL CHECK (hour % 3600 = 0),
    author     INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
    sender_key BLOB,
    ciphertext BLOB    NOT NULL,
    PRIMARY KEY (box_id, number)
) WITHOUT ROWID;
CREATE INDEX mailbox_letters_by_sender ON mailbox_letters(sender_key);
CREATE TABLE mailbox_envelopes (
    id         INTEGER PRIMARY KEY,
    box_id     BLOB    NOT NULL,
    number     INTEGER NOT NULL,
    reader_key BLOB    NOT NULL,
    box        BLOB    NOT NULL,
    FOREIGN KEY (box_id, number) REFERENCES mailbox_letters(box_id, number) ON DELETE CASCADE
);
CREATE INDEX mailbox_envelopes_by_letter ON mailbox_envelopes(box_id, number);
CREATE INDEX mailbox_envelopes_by_reader ON mailbox_envelopes(reader_key);
CREATE TABLE mailbox_keys (
    account_id INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    public_key BLOB    NOT NULL,
    signature  BLOB    NOT NULL,
    wrapped    BLOB    NOT NULL,
    not_after  INTEGER NOT NULL,
    PRIMARY KEY (account_id, public_key)
) WITHOUT ROWID;
CREATE INDEX mailbox_keys_by_public_key ON mailbox_keys(public_key);
)sql";

constexpr std::array migrations{v1, v2, v3, v4};

void ensure_version_table(database& db)
{
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
}

int read_version(database& db)
{
    statement query(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    if (!query.step()) return 0;
    return static_cast<int>(query.column_int64(0));
}

} // namespace

int latest_schema_version() { return static_cast<int>(migrations.size()); }

int schema_version_of(database& db)
{
    statement exists(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'schema_version'");
    if (!exists.step()) return 0;
    return read_version(db);
}

void migrate(database& db, int target_version)
{
    if (target_version < 0 || target_version > latest_schema_version())
        throw store_error("unknown schema version " + std::to_string(target_version));
    for (;;) {
        transaction tx(db);
        ensure_version_table(db);
        // Re-read inside the write lock: another process may have migrated meanwhile.
        const int current = read_version(db);
        if (current > latest_schema_version())
            throw store_error("database schema version " + std::to_string(current) +
                              " is newer than this program knows (" + std::to_string(latest_schema_version()) + ")");
        if (current >= target_version) {
            tx.commit();
            return;
        }
        db.exec(migrations[static_cast<std::size_t>(current)]);
        statement record(db, "INSERT INTO schema_version (version, applied_at) VALUES (?1, CAST(strftime('%s', 'now') AS INTEGER))");
        record.bind(1, static_cast<std::int64_t>(current + 1));
        record.run();
        tx.commit();
    }
}

} // namespace tillit::store
