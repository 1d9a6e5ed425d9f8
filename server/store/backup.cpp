// backup: sqlite3_backup_* between two connections, and the checks of a copy.
#include "store/backup.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace tillit::store {

namespace fs = std::filesystem;

namespace {

constexpr int busy_retries = 100;  // 100 × 100 ms: the server holds a write lock only briefly
constexpr auto busy_pause = std::chrono::milliseconds(100);

// Copies every page of `from` into `to` in one step (one read transaction on `from`).
void copy_pages(database& from, database& to)
{
    struct finisher {
        void operator()(sqlite3_backup* b) const noexcept { sqlite3_backup_finish(b); }
    };
    std::unique_ptr<sqlite3_backup, finisher> op(sqlite3_backup_init(to.handle(), "main", from.handle(), "main"));
    if (!op) throw store_error(std::string("cannot start the backup: ") + sqlite3_errmsg(to.handle()));
    for (int attempt = 0;; ++attempt) {
        const int rc = sqlite3_backup_step(op.get(), -1);
        if (rc == SQLITE_DONE) break;
        if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && attempt < busy_retries) {
            std::this_thread::sleep_for(busy_pause);
            continue;
        }
        throw store_error(std::string("backup failed: ") + sqlite3_errstr(rc));
    }
    const int rc = sqlite3_backup_finish(op.release());
    if (rc != SQLITE_OK) throw store_error(std::string("backup failed: ") + sqlite3_errmsg(to.handle()));
}

int checked_schema_version(database& db, const fs::path& file)
{
    statement check(db, "PRAGMA integrity_check");
    if (!check.step() || check.column_text(0) != "ok")
        throw store_error(file.string() + " fails SQLite's integrity check: " + check.column_text(0));
    const int version = schema_version_of(db);
    if (version < 1) throw store_error(file.string() + " is not a Tillit database (no schema version)");
    if (version > latest_schema_version())
        throw store_error(file.string() + " has schema version " + std::to_string(version) + ", newer than this program's (" +
                          std::to_string(latest_schema_version()) + "): restore it with a newer tillit-admin");
    return version;
}

void sync_path(const fs::path& path, int flags)
{
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

} // namespace

backup_info verify_backup(const fs::path& file)
{
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw store_error(file.string() + " is not a file");
    database db(file.string(), database::read_only_t{});
    return {checked_schema_version(db, file), fs::file_size(file)};
}

backup_info backup_database(const fs::path& source, const fs::path& destination)
{
    std::error_code ec;
    if (!fs::is_regular_file(source, ec)) throw store_error("no database at " + source.string());
    if (fs::exists(fs::symlink_status(destination, ec))) throw store_error(destination.string() + " exists: not overwritten");
    const fs::path partial = destination.string() + ".partial";
    // The copy holds everything the database does: create it for its owner alone, before SQLite
    // writes a byte to it. O_EXCL: never reuse a file someone else put there.
    const int fd = ::open(partial.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw store_error("cannot create " + partial.string() + ": " + std::strerror(errno));
    ::close(fd);
    try {
        int version = 0;
        {
            database from(source.string());
            from.busy_timeout(5000);
            database to(partial.string());
            copy_pages(from, to);
            // The copied header says WAL, as the live database is: make the copy one plain file.
            to.exec("PRAGMA journal_mode=DELETE");
            version = checked_schema_version(to, destination);
        }
        sync_path(partial, O_RDONLY);
        fs::rename(partial, destination);
        sync_path(destination.parent_path().empty() ? fs::path(".") : destination.parent_path(), O_RDONLY | O_DIRECTORY);
        return {version, fs::file_size(destination)};
    } catch (...) {
        fs::remove(partial, ec);
        throw;
    }
}

backup_info restore_database(const fs::path& backup, const fs::path& target)
{
    const auto checked = verify_backup(backup);
    {
        database from(backup.string(), database::read_only_t{});
        database to(target.string());
        to.busy_timeout(5000);
        copy_pages(from, to);
        // Back to the live database's journal mode; this also folds the copy into the file.
        statement wal(to, "PRAGMA journal_mode=WAL");
        if (!wal.step() || wal.column_text(0) != "wal") throw store_error("cannot switch the restored database to WAL mode");
        checked_schema_version(to, target);
    }
    sync_path(target, O_RDONLY);
    std::error_code ec;
    return {checked.schema_version, fs::file_size(target, ec)};
}

} // namespace tillit::store
