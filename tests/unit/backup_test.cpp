// Unit: store/backup (online copy, checks, restore) and store/data_dir_lock on real files.
#include <gtest/gtest.h>

#include <fstream>

#include "store/backup.hpp"
#include "store/data_dir_lock.hpp"
#include "store/migrations.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace tillit::store {
namespace {

namespace fs = std::filesystem;

new_account anna()
{
    return {"anna", role::counsellor, {"sv"}, {"support"}, {1, 2, 3}, "hash", true};
}

TEST(Backup, CopiesAnOpenDatabaseIntoOneCheckedFile)
{
    test::temp_dir dir;
    const auto live = dir.path() / "tillit.db";
    store db(live.string());  // stays open, in WAL mode, as the server's would
    ASSERT_TRUE(db.create_account(anna(), 1000));
    db.add_to_counter(3600, "chats_ended", "lane=support", 3);

    const auto copy = dir.path() / "copy.db";
    const auto info = backup_database(live, copy);
    EXPECT_EQ(info.schema_version, latest_schema_version());
    EXPECT_GT(info.bytes, 0U);
    EXPECT_FALSE(fs::exists(copy.string() + "-wal"));
    EXPECT_FALSE(fs::exists(copy.string() + ".partial"));
    EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
    EXPECT_EQ(verify_backup(copy).schema_version, latest_schema_version());

    EXPECT_THROW(backup_database(live, copy), store_error) << "never overwritten";
    EXPECT_THROW(backup_database(dir.path() / "missing.db", dir.path() / "other.db"), store_error);

    const auto restored = dir.path() / "restored.db";
    restore_database(copy, restored);
    store back(restored.string());
    EXPECT_TRUE(back.find_account("anna"));
    EXPECT_EQ(back.counter(3600, "chats_ended", "lane=support"), 3);
}

TEST(Backup, RestoreReplacesTheContentsOfAnExistingDatabase)
{
    test::temp_dir dir;
    const auto first = dir.path() / "first.db";
    { store db(first.string()); ASSERT_TRUE(db.create_account(anna(), 1000)); }
    const auto copy = dir.path() / "copy.db";
    backup_database(first, copy);

    const auto target = dir.path() / "target.db";
    { store db(target.string()); auto other = anna(); other.pseudonym = "berit"; ASSERT_TRUE(db.create_account(other, 1000)); }
    restore_database(copy, target);
    store back(target.string());
    EXPECT_TRUE(back.find_account("anna"));
    EXPECT_FALSE(back.find_account("berit"));
}

TEST(Backup, VerifyRefusesJunkAndForeignDatabases)
{
    test::temp_dir dir;
    std::ofstream(dir.path() / "junk.db") << "SQLite format 3? no";
    EXPECT_THROW(verify_backup(dir.path() / "junk.db"), store_error);
    { database foreign((dir.path() / "foreign.db").string()); foreign.exec("CREATE TABLE t (x)"); }
    EXPECT_THROW(verify_backup(dir.path() / "foreign.db"), store_error);
    EXPECT_THROW(verify_backup(dir.path() / "missing.db"), store_error);
}

TEST(DataDirLock, OneHolderAtATime)
{
    test::temp_dir dir;
    auto first = data_dir_lock::try_acquire(dir.path());
    ASSERT_TRUE(first);
    EXPECT_FALSE(data_dir_lock::try_acquire(dir.path())) << "flock is per open file, also within one process";
    first.reset();
    EXPECT_TRUE(data_dir_lock::try_acquire(dir.path()));
}

} // namespace
} // namespace tillit::store
