// backup: copies of Tillit's database made with SQLite's online backup API, so that a copy can be
// taken while tillit-server runs (one read transaction: a consistent snapshot that does not stop
// the server's writes), checked (PRAGMA integrity_check and a known schema version), and put back.
#pragma once

#include <cstdint>
#include <filesystem>

namespace tillit::store {

struct backup_info {
    int schema_version = 0;   // of the copy; at most latest_schema_version()
    std::uintmax_t bytes = 0; // size of the copy
};

// Copies the database at `source` into the new file `destination` (mode 0600; refused if it
// exists), as one self-contained file (rollback journal, not WAL), then checks the copy. The copy
// is written under a temporary name and renamed only once it has passed, so a failure leaves no
// half file. Throws store_error with the reason. Safe while the server has `source` open.
backup_info backup_database(const std::filesystem::path& source, const std::filesystem::path& destination);

// Checks a copy without changing it: SQLite's integrity check passes and its schema version is
// one this build knows (1..latest). Throws store_error saying what is wrong.
backup_info verify_backup(const std::filesystem::path& file);

// Replaces the contents of the database at `target` (created if missing) with the checked copy
// `backup`. The caller must make sure no server uses `target` (data_dir_lock). Throws store_error.
backup_info restore_database(const std::filesystem::path& backup, const std::filesystem::path& target);

} // namespace tillit::store
