// sqlite: the RAII owners of SQLite handles declared in sqlite.hpp.
#include "store/sqlite.hpp"

#include <limits>

namespace tillit::store {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view what)
{
    std::string message(what);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) throw constraint_error(message);
    throw store_error(message);
}

} // namespace

database::database(const std::string& path) : in_memory_(path == ":memory:")
{
    sqlite3* raw = nullptr;
    // NOMUTEX: each connection has one owner; EXRESCODE: extended codes for constraint checks.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // sqlite3_open_v2 may hand back a handle even on failure: close it too
    if (rc != SQLITE_OK) fail(raw, rc, "cannot open database");
}

database::database(const std::string& path, read_only_t)
{
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) fail(raw, rc, "cannot open database");
}

void database::exec(const std::string& sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string text = message != nullptr ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        if ((rc & 0xff) == SQLITE_CONSTRAINT) throw constraint_error("statement failed: " + text);
        throw store_error("statement failed: " + text);
    }
}

void database::busy_timeout(int ms)
{
    const int rc = sqlite3_busy_timeout(db_.get(), ms);
    if (rc != SQLITE_OK) fail(db_.get(), rc, "cannot set busy timeout");
}

std::int64_t database::last_insert_rowid() const noexcept { return sqlite3_last_insert_rowid(db_.get()); }

int database::changes() const noexcept { return sqlite3_changes(db_.get()); }

statement::statement(database& db, std::string_view sql) : db_(db.handle())
{
    if (sql.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) throw store_error("statement too long");
    sqlite3_stmt* raw = nullptr;
    const int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &raw, nullptr);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) fail(db_, rc, "cannot prepare statement");
}

void statement::check_bind(int rc)
{
    if (rc != SQLITE_OK) fail(db_, rc, "cannot bind parameter");
}

void statement::bind(int index, std::int64_t value) { check_bind(sqlite3_bind_int64(stmt_.get(), index, value)); }

void statement::bind(int index, std::string_view text)
{
    check_bind(sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
}

void statement::bind(int index, std::span<const unsigned char> blob)
{
    // sqlite3_bind_blob with a null pointer would bind NULL; an empty blob stays a blob.
    if (blob.empty()) {
        check_bind(sqlite3_bind_zeroblob(stmt_.get(), index, 0));
        return;
    }
    check_bind(sqlite3_bind_blob64(stmt_.get(), index, blob.data(), blob.size(), SQLITE_TRANSIENT));
}

void statement::bind_null(int index) { check_bind(sqlite3_bind_null(stmt_.get(), index)); }

bool statement::step()
{
    last_result_ = sqlite3_step(stmt_.get());
    if (last_result_ == SQLITE_ROW) return true;
    if (last_result_ == SQLITE_DONE) return false;
    // Take the message before reset, which lets the statement be reused after the error.
    const std::string message = std::string("statement failed: ") + sqlite3_errmsg(db_);
    sqlite3_reset(stmt_.get());
    if ((last_result_ & 0xff) == SQLITE_CONSTRAINT) throw constraint_error(message);
    throw store_error(message);
}

void statement::run()
{
    if (step()) throw store_error("statement unexpectedly returned a row");
}

void statement::reset() noexcept { sqlite3_reset(stmt_.get()); }

bool statement::column_is_null(int column) const noexcept
{
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::int64_t statement::column_int64(int column) const noexcept { return sqlite3_column_int64(stmt_.get(), column); }

std::string statement::column_text(int column) const
{
    const auto* text = sqlite3_column_text(stmt_.get(), column);
    if (text == nullptr) return {};
    const int size = sqlite3_column_bytes(stmt_.get(), column);
    return {reinterpret_cast<const char*>(text), static_cast<std::size_t>(size)};
}

std::vector<unsigned char> statement::column_blob(int column) const
{
    const auto* data = static_cast<const unsigned char*>(sqlite3_column_blob(stmt_.get(), column));
    const int size = sqlite3_column_bytes(stmt_.get(), column);
    if (data == nullptr || size <= 0) return {};
    return {data, data + size};
}

transaction::transaction(database& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

transaction::~transaction()
{
    if (done_) return;
    // A destructor must not throw; if ROLLBACK fails the connection already rolled back.
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void transaction::commit()
{
    db_.exec("COMMIT");
    done_ = true;
}

} // namespace tillit::store
