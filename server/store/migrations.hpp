// migrations: the ordered schema changes of Tillit's database and the code that applies them,
// each in its own transaction, recording progress in the `schema_version` table.
#pragma once

#include "store/sqlite.hpp"

namespace tillit::store {

// The version this build's code expects: the number of known migrations.
[[nodiscard]] int latest_schema_version();

// The version `db` is at; 0 for a new, empty database. Throws store_error.
[[nodiscard]] int schema_version_of(database& db);

// Applies every migration above the current version up to `target_version`, one
// transaction each (BEGIN IMMEDIATE, so two processes starting together do not both apply
// one). A database already at or past the target is left alone. Throws store_error when
// `target_version` is outside 0..latest, when the database is newer than this build knows,
// or when a migration fails (that migration is rolled back; earlier ones stay).
void migrate(database& db, int target_version);

} // namespace tillit::store
