// Unit: store/backup (online copy, checks, restore; the mailbox's ciphertext in a copy and gone
// from the next one once deleted) and store/data_dir_lock on real files.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <random>

#include "store/backup.hpp"
#include "store/data_dir_lock.hpp"
#include "store/mailbox_store.hpp"
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

std::vector<unsigned char> random_bytes(std::size_t size)
{
    std::mt19937_64 generator{std::random_device{}()};
    std::vector<unsigned char> out(size);
    for (auto& b : out) b = static_cast<unsigned char>(generator());
    return out;
}

bool file_holds(const fs::path& file, const std::vector<unsigned char>& needle)
{
    std::ifstream in(file, std::ios::binary);
    const std::vector<unsigned char> haystack{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // The first 64 bytes: on the blob's first page whatever its length.
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.begin() + 64) != haystack.end();
}

TEST(Backup, HoldsTheMailboxCiphertextAndNothingOfADeletedThread)
{
    test::temp_dir dir;
    const auto live = dir.path() / "tillit.db";
    store db(live.string());
    thread_row thread;
    thread.box_id = random_bytes(16);
    thread.auth_hash = random_bytes(32);
    thread.thread_key = random_bytes(32);
    thread.lane = "support";
    thread.language = "sv";
    thread.last_letter_hour = 1'800'000'000 / 3600 * 3600;
    letter_row letter;
    letter.number = 1;
    letter.hour = thread.last_letter_hour;
    letter.ciphertext = random_bytes(24 + 1024 + 16);  // what a help-seeker's page sends: opaque here
    letter.envelopes = {{random_bytes(32), random_bytes(72)}};
    ASSERT_EQ(db.mailbox().create_thread(thread, letter, 10), mailbox_store::create_result::created);

    const auto with_thread = dir.path() / "with-thread.db";
    backup_database(live, with_thread);
    EXPECT_TRUE(file_holds(with_thread, letter.ciphertext)) << "the backup is the whole database";
    {
        store copy(with_thread.string());
        EXPECT_EQ(copy.mailbox().letters(thread.box_id), std::vector<letter_row>{letter});
    }

    ASSERT_TRUE(db.mailbox().delete_thread(thread.box_id));
    const auto after = dir.path() / "after-delete.db";
    backup_database(live, after);
    EXPECT_FALSE(file_holds(after, letter.ciphertext));
    EXPECT_FALSE(file_holds(after, letter.envelopes[0].box));
    database copy(after.string(), database::read_only_t{});
    statement rows(copy, "SELECT (SELECT COUNT(*) FROM mailbox_threads) + (SELECT COUNT(*) FROM mailbox_letters) + "
                         "(SELECT COUNT(*) FROM mailbox_envelopes)");
    ASSERT_TRUE(rows.step());
    EXPECT_EQ(rows.column_int64(0), 0);
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
