// backup_commands: backup and restore of tillit.db through store/backup.
#include "admin/backup_commands.hpp"

#include <ostream>
#include <system_error>

#include <sys/stat.h>
#include <unistd.h>

#include "store/backup.hpp"
#include "store/data_dir_lock.hpp"

namespace tillit::admin {
namespace {

namespace fs = std::filesystem;

int backup(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {});
    expect_positionals(a, 1, "FILE");
    const fs::path destination = a.positionals[0];
    const auto source = c.data_dir / "tillit.db";
    if (!fs::exists(source)) throw operation_error{"no database at " + source.string()};
    {
        // Recorded in the database itself, so the copy says when it was taken.
        auto db = open_store(c);
        audit(db, "backup_taken", "");
    }
    try {
        const auto info = store::backup_database(source, destination);
        c.out << "backed up " << source.string() << " to " << destination.string() << " (" << info.bytes
              << " bytes, schema version " << info.schema_version << ", integrity check ok)\n"
              << "the copy holds staff accounts and login data: keep it as carefully as the server (mode 0600)\n";
    } catch (const store::store_error& e) {
        throw operation_error{e.what()};
    }
    return 0;
}

// Files made by root (tillit-admin run as root) would lock the service user out of its database.
void give_to_folder_owner(const fs::path& dir, const fs::path& db)
{
    if (::geteuid() != 0) return;
    struct stat folder {};
    if (::stat(dir.c_str(), &folder) != 0) return;
    for (const auto* suffix : {"", "-wal", "-shm"}) {
        const auto file = db.string() + suffix;
        // Best effort: a file left to root makes the server's start fail with the reason.
        if (fs::exists(file) && ::chown(file.c_str(), folder.st_uid, folder.st_gid) != 0) continue;
    }
}

int restore(const context& c, std::span<const std::string> args)
{
    const auto a = parse_args(args, {}, {"replace"});
    expect_positionals(a, 1, "FILE");
    const fs::path backup_file = a.positionals[0];
    try {
        const auto info = store::verify_backup(backup_file);  // before touching anything
        std::error_code ec;
        if (!fs::exists(c.data_dir, ec)) {
            fs::create_directories(c.data_dir);
            fs::permissions(c.data_dir, fs::perms::owner_all, fs::perm_options::replace);
        }
        // The server holds this lock while it runs; holding it here also keeps one from starting.
        const auto lock = store::data_dir_lock::try_acquire(c.data_dir);
        if (!lock)
            throw operation_error{"a tillit-server is using " + c.data_dir.string() +
                                  ": stop it first (systemctl stop tillit), then restore"};
        const auto target = c.data_dir / "tillit.db";
        if (fs::exists(target) && a.option("replace") == nullptr)
            throw operation_error{target.string() + " exists: add --replace to overwrite it (take a backup of it first)"};
        store::restore_database(backup_file, target);
        give_to_folder_owner(c.data_dir, target);
        {
            auto db = open_store(c);  // also brings an older copy's schema up to date
            audit(db, "backup_restored", "");
        }
        give_to_folder_owner(c.data_dir, target);
        c.out << "restored " << backup_file.string() << " (schema version " << info.schema_version << ", integrity check ok) into "
              << target.string() << "\n";
    } catch (const store::store_error& e) {
        throw operation_error{e.what()};
    }
    return 0;
}

constexpr command commands[] = {
    {"backup", "", backup, R"(usage: tillit-admin backup FILE

Copies the database (tillit.db in --data-dir) to FILE, a new file (mode 0600; never
overwritten), with SQLite's online backup API: safe while tillit-server runs, which goes on
working meanwhile. The copy is checked (PRAGMA integrity_check, schema version) before it is
kept under its name. It holds staff accounts, login data and statistics, never chat content or
anything about help-seekers; keep it as carefully as the server. The server's own secret
(server-secret in the data folder) is not in it.
)"},
    {"restore", "", restore, R"(usage: tillit-admin restore FILE [--replace]

Checks FILE (integrity, a schema version this program knows) and copies it into tillit.db in
--data-dir. Refused while a tillit-server uses the data folder: stop the service first. An
existing database is overwritten only with --replace. An older copy is brought up to this
version's schema. Run it as the service's user (or as root: the files then go to the folder's owner).
)"},
};

} // namespace

std::span<const command> backup_commands() { return commands; }

} // namespace tillit::admin
