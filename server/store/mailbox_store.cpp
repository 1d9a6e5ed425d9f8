// mailbox_store: the SQLite-backed mailbox rows (see mailbox_store.hpp).
#include "store/mailbox_store.hpp"

#include <cstdint>

#include "store/sqlite.hpp"

namespace tillit::store {
namespace {

std::string_view from_text(letter_from from) { return from == letter_from::counsellor ? "counsellor" : "help_seeker"; }

void bind_optional(statement& s, int index, const std::optional<std::int64_t>& value)
{
    if (value) s.bind(index, *value);
    else s.bind_null(index);
}

void bind_optional(statement& s, int index, const std::optional<std::string>& value)
{
    if (value) s.bind(index, std::string_view(*value));
    else s.bind_null(index);
}

std::optional<std::int64_t> optional_int(const statement& s, int column)
{
    if (s.column_is_null(column)) return std::nullopt;
    return s.column_int64(column);
}

std::optional<std::string> optional_text(const statement& s, int column)
{
    if (s.column_is_null(column)) return std::nullopt;
    return s.column_text(column);
}

constexpr const char* thread_columns =
    "box_id, auth_hash, thread_key, lane, language, age_band, topic, counsellor, reply_by, waiting_since, "
    "last_letter_hour, letters";

thread_row read_thread(const statement& s)
{
    thread_row t;
    t.box_id = s.column_blob(0);
    t.auth_hash = s.column_blob(1);
    t.thread_key = s.column_blob(2);
    t.lane = s.column_text(3);
    t.language = s.column_text(4);
    t.age_band = optional_text(s, 5);
    t.topic = optional_text(s, 6);
    t.counsellor = optional_int(s, 7);
    t.reply_by = optional_int(s, 8);
    t.waiting_since = optional_int(s, 9);
    t.last_letter_hour = s.column_int64(10);
    t.letters = static_cast<int>(s.column_int64(11));
    return t;
}

// Inserts the letter and its envelopes (inside the caller's transaction).
void insert_letter(database& db, std::span<const unsigned char> box_id, const letter_row& letter)
{
    statement s(db,
                "INSERT INTO mailbox_letters (box_id, number, from_side, hour, author, sender_key, ciphertext) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    s.bind(1, box_id);
    s.bind(2, std::int64_t{letter.number});
    s.bind(3, from_text(letter.from));
    s.bind(4, letter.hour);
    bind_optional(s, 5, letter.author);
    if (letter.sender_key.empty()) s.bind_null(6);
    else s.bind(6, letter.sender_key);
    s.bind(7, letter.ciphertext);
    s.run();

    statement e(db, "INSERT INTO mailbox_envelopes (box_id, number, reader_key, box) VALUES (?1, ?2, ?3, ?4)");
    for (const auto& envelope : letter.envelopes) {
        e.reset();
        e.bind(1, box_id);
        e.bind(2, std::int64_t{letter.number});
        e.bind(3, envelope.reader_key);
        e.bind(4, envelope.box);
        e.run();
    }
}

} // namespace

mailbox_store::create_result mailbox_store::create_thread(const thread_row& thread, const letter_row& first,
                                                          std::size_t max_threads)
{
    transaction tx(db_);
    {
        statement exists(db_, "SELECT 1 FROM mailbox_threads WHERE box_id = ?1");
        exists.bind(1, thread.box_id);
        if (exists.step()) return create_result::exists;
    }
    {
        statement count(db_, "SELECT COUNT(*) FROM mailbox_threads");
        count.step();
        if (static_cast<std::uint64_t>(count.column_int64(0)) >= max_threads) return create_result::full;
    }
    statement s(db_, std::string("INSERT INTO mailbox_threads (") + thread_columns +
                         ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1)");
    s.bind(1, thread.box_id);
    s.bind(2, thread.auth_hash);
    s.bind(3, thread.thread_key);
    s.bind(4, thread.lane);
    s.bind(5, thread.language);
    bind_optional(s, 6, thread.age_band);
    bind_optional(s, 7, thread.topic);
    bind_optional(s, 8, thread.counsellor);
    bind_optional(s, 9, thread.reply_by);
    bind_optional(s, 10, thread.waiting_since);
    s.bind(11, thread.last_letter_hour);
    s.run();
    insert_letter(db_, thread.box_id, first);
    tx.commit();
    return create_result::created;
}

std::optional<thread_row> mailbox_store::thread(std::span<const unsigned char> box_id)
{
    statement s(db_, std::string("SELECT ") + thread_columns + " FROM mailbox_threads WHERE box_id = ?1");
    s.bind(1, box_id);
    if (!s.step()) return std::nullopt;
    return read_thread(s);
}

std::vector<thread_row> mailbox_store::threads()
{
    statement s(db_, std::string("SELECT ") + thread_columns +
                         " FROM mailbox_threads ORDER BY last_letter_hour DESC, box_id");
    std::vector<thread_row> out;
    while (s.step()) out.push_back(read_thread(s));
    return out;
}

std::vector<letter_row> mailbox_store::letters(std::span<const unsigned char> box_id)
{
    std::vector<letter_row> out;
    {
        statement s(db_,
                    "SELECT number, from_side, hour, author, sender_key, ciphertext FROM mailbox_letters "
                    "WHERE box_id = ?1 ORDER BY number");
        s.bind(1, box_id);
        while (s.step()) {
            letter_row letter;
            letter.number = static_cast<int>(s.column_int64(0));
            letter.from = s.column_text(1) == "counsellor" ? letter_from::counsellor : letter_from::help_seeker;
            letter.hour = s.column_int64(2);
            letter.author = optional_int(s, 3);
            letter.sender_key = s.column_blob(4);
            letter.ciphertext = s.column_blob(5);
            out.push_back(std::move(letter));
        }
    }
    // Letters are numbered 1..n without gaps (append_letter sees to it): number - 1 is the index.
    statement e(db_, "SELECT number, reader_key, box FROM mailbox_envelopes WHERE box_id = ?1 ORDER BY number, id");
    e.bind(1, box_id);
    while (e.step()) {
        const auto index = static_cast<std::size_t>(e.column_int64(0) - 1);
        if (index < out.size()) out[index].envelopes.push_back({e.column_blob(1), e.column_blob(2)});
    }
    return out;
}

bool mailbox_store::append_letter(std::span<const unsigned char> box_id, const letter_row& letter,
                                  const thread_row& updated)
{
    transaction tx(db_);
    {
        statement current(db_, "SELECT letters FROM mailbox_threads WHERE box_id = ?1");
        current.bind(1, box_id);
        if (!current.step() || current.column_int64(0) + 1 != letter.number) return false;
    }
    insert_letter(db_, box_id, letter);
    statement s(db_,
                "UPDATE mailbox_threads SET letters = letters + 1, counsellor = ?2, reply_by = ?3, waiting_since = ?4, "
                "last_letter_hour = ?5 WHERE box_id = ?1");
    s.bind(1, box_id);
    bind_optional(s, 2, updated.counsellor);
    bind_optional(s, 3, updated.reply_by);
    bind_optional(s, 4, updated.waiting_since);
    s.bind(5, updated.last_letter_hour);
    s.run();
    tx.commit();
    return true;
}

bool mailbox_store::delete_thread(std::span<const unsigned char> box_id)
{
    statement s(db_, "DELETE FROM mailbox_threads WHERE box_id = ?1");
    s.bind(1, box_id);
    s.run();
    const bool deleted = db_.changes() > 0;
    if (deleted) checkpoint();
    return deleted;
}

int mailbox_store::delete_threads_before(unix_seconds last_letter_hour_cutoff)
{
    statement s(db_, "DELETE FROM mailbox_threads WHERE last_letter_hour < ?1");
    s.bind(1, last_letter_hour_cutoff);
    s.run();
    // changes() counts the threads only, not the rows the cascade removed.
    const int deleted = db_.changes();
    if (deleted > 0) checkpoint();
    return deleted;
}

void mailbox_store::add_key(const mailbox_key_row& key)
{
    statement s(db_,
                "INSERT INTO mailbox_keys (account_id, public_key, signature, wrapped, not_after) "
                "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (account_id, public_key) DO NOTHING");
    s.bind(1, key.account);
    s.bind(2, key.public_key);
    s.bind(3, key.signature);
    s.bind(4, key.wrapped);
    s.bind(5, key.not_after);
    s.run();
}

std::vector<mailbox_key_row> mailbox_store::keys_of(account_id account)
{
    statement s(db_,
                "SELECT account_id, public_key, signature, wrapped, not_after FROM mailbox_keys WHERE account_id = ?1 "
                "ORDER BY not_after DESC, public_key");
    s.bind(1, account);
    std::vector<mailbox_key_row> out;
    while (s.step())
        out.push_back({s.column_int64(0), s.column_blob(1), s.column_blob(2), s.column_blob(3), s.column_int64(4)});
    return out;
}

int mailbox_store::delete_unused_keys(unix_seconds now)
{
    statement s(db_,
                "DELETE FROM mailbox_keys AS k WHERE k.not_after <= ?1 "
                "AND NOT EXISTS (SELECT 1 FROM mailbox_envelopes e WHERE e.reader_key = k.public_key) "
                "AND NOT EXISTS (SELECT 1 FROM mailbox_letters l WHERE l.sender_key = k.public_key) "
                "AND k.not_after < (SELECT MAX(n.not_after) FROM mailbox_keys n WHERE n.account_id = k.account_id)");
    s.bind(1, now);
    s.run();
    return db_.changes();
}

void mailbox_store::checkpoint()
{
    if (db_.in_memory()) return;
    // The row says (busy, log frames, checkpointed frames); busy = 1 (another connection reading)
    // keeps the log until the next checkpoint, which this or the shutdown's will be.
    statement s(db_, "PRAGMA wal_checkpoint(TRUNCATE)");
    s.step();
}

} // namespace tillit::store
