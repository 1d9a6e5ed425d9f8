// sqlite: small RAII owners of SQLite handles in the SQLiteCpp style (database, statement,
// transaction). Every failure throws store_error carrying sqlite3_errmsg's text.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sqlite3.h>

#include "store/store.hpp"

namespace tillit::store {

// Owns one connection. Not thread-safe: one owner (thread) at a time.
class database {
public:
    // Opens (creating if missing) `path`; ":memory:" gives a private in-memory database.
    // Throws store_error when the file cannot be opened.
    explicit database(const std::string& path);
    // Opens an existing file for reading only (a backup being checked). Throws store_error.
    struct read_only_t {};
    database(const std::string& path, read_only_t);

    [[nodiscard]] sqlite3* handle() const noexcept { return db_.get(); }
    [[nodiscard]] bool in_memory() const noexcept { return in_memory_; }

    // Runs one or more statements that return no rows of interest. Throws store_error.
    void exec(const std::string& sql);
    // Waits up to `ms` for another connection's lock before failing with SQLITE_BUSY.
    void busy_timeout(int ms);
    [[nodiscard]] std::int64_t last_insert_rowid() const noexcept;
    // Rows changed by the last INSERT, UPDATE or DELETE.
    [[nodiscard]] int changes() const noexcept;

private:
    struct closer {
        void operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
    };
    std::unique_ptr<sqlite3, closer> db_;
    bool in_memory_ = false;
};

// One prepared statement. Parameters are numbered from 1, columns from 0 (as in SQLite).
class statement {
public:
    // Throws store_error when `sql` does not compile.
    statement(database& db, std::string_view sql);

    // Each bind throws store_error on a bad index.
    void bind(int index, std::int64_t value);
    void bind(int index, std::string_view text);
    void bind(int index, std::span<const unsigned char> blob);  // empty binds an empty blob, not NULL
    void bind_null(int index);

    // Returns true when a row is ready, false when done. Throws store_error on failure
    // (including SQLITE_BUSY after the busy timeout and constraint violations).
    bool step();
    // Steps once and expects no row (INSERT, UPDATE, DELETE, DDL). Throws store_error.
    void run();
    // Back to the start, keeping the bindings. Never throws (step already reported errors).
    void reset() noexcept;

    [[nodiscard]] bool column_is_null(int column) const noexcept;
    [[nodiscard]] std::int64_t column_int64(int column) const noexcept;
    [[nodiscard]] std::string column_text(int column) const;               // NULL gives ""
    [[nodiscard]] std::vector<unsigned char> column_blob(int column) const;  // NULL gives {}

    // Result code of the last failing step: lets callers tell a UNIQUE violation apart.
    [[nodiscard]] int last_result() const noexcept { return last_result_; }

private:
    struct finalizer {
        void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
    };
    void check_bind(int rc);
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
    int last_result_ = SQLITE_OK;
};

// BEGIN IMMEDIATE guard: takes the write lock up front (so two writers wait on the busy
// timeout instead of failing to upgrade a read lock), and rolls back in its destructor
// unless commit() ran.
class transaction {
public:
    // Throws store_error when the lock cannot be taken within the busy timeout.
    explicit transaction(database& db);
    ~transaction();
    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;

    // Throws store_error when COMMIT fails; the destructor then rolls back.
    void commit();

private:
    database& db_;
    bool done_ = false;
};

// Thrown for a UNIQUE or PRIMARY KEY violation, so callers can turn it into a value.
struct constraint_error : store_error {
    using store_error::store_error;
};

} // namespace tillit::store
