// store_test: tillit::store::store on an in-memory database and on a real WAL file: accounts,
// sessions and their expiry, settings, counters, audit log, and the pragmas that protect data.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "store/migrations.hpp"
#include "store/sqlite.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tillit::store;

// A fresh directory under the system temp dir, removed with everything in it.
struct temp_dir {
    fs::path path;
    temp_dir()
    {
        std::string pattern = (fs::temp_directory_path() / "tillit-store-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~temp_dir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

new_account sample(std::string pseudonym)
{
    new_account a;
    a.pseudonym = std::move(pseudonym);
    a.role = role::counsellor;
    a.languages = {"sv", "ar"};
    a.lanes = {"support", "consultation"};
    a.login_salt = std::vector<unsigned char>(16, 0x5a);
    a.login_hash = "$argon2id$dummy";
    a.must_change_password = true;
    return a;
}

std::vector<unsigned char> bytes(std::size_t n, unsigned char fill) { return std::vector<unsigned char>(n, fill); }

// Runs each test on ":memory:" and on a file, as the brief for the store requires.
class StoreTest : public ::testing::TestWithParam<bool> {
protected:
    bool on_file() const { return GetParam(); }
    std::string db_path() const { return on_file() ? (dir_.path / "tillit.db").string() : ":memory:"; }
    temp_dir dir_;
};

TEST_P(StoreTest, NewDatabaseIsAtTheLatestSchemaVersion)
{
    store s(db_path());
    EXPECT_EQ(s.schema_version(), latest_schema_version());
    EXPECT_GE(latest_schema_version(), 2);
}

TEST_P(StoreTest, CreatesAndFindsAccounts)
{
    store s(db_path());
    const auto id = s.create_account(sample("alice"), 1000);
    ASSERT_TRUE(id);
    auto by_name = s.find_account("alice");
    ASSERT_TRUE(by_name);
    EXPECT_EQ(by_name->id, *id);
    EXPECT_EQ(by_name->role, role::counsellor);
    EXPECT_EQ(by_name->languages, (std::vector<std::string>{"sv", "ar"}));
    EXPECT_EQ(by_name->lanes, (std::vector<std::string>{"support", "consultation"}));
    EXPECT_EQ(by_name->login_salt, bytes(16, 0x5a));
    EXPECT_EQ(by_name->login_hash, "$argon2id$dummy");
    EXPECT_TRUE(by_name->must_change_password);
    EXPECT_FALSE(by_name->disabled);
    EXPECT_TRUE(by_name->identity_public_key.empty());
    EXPECT_TRUE(by_name->certificate.empty());

    auto by_id = s.find_account(*id);
    ASSERT_TRUE(by_id);
    EXPECT_EQ(by_id->pseudonym, "alice");
    EXPECT_FALSE(s.find_account("bob"));
    EXPECT_FALSE(s.find_account(*id + 100));
}

TEST_P(StoreTest, PseudonymTakenReturnsNullopt)
{
    store s(db_path());
    ASSERT_TRUE(s.create_account(sample("alice"), 1));
    EXPECT_FALSE(s.create_account(sample("alice"), 2));
    EXPECT_EQ(s.list_accounts().size(), 1u);
}

TEST_P(StoreTest, ListsAccountsByPseudonym)
{
    store s(db_path());
    auto admin = sample("zed");
    admin.role = role::admin;
    admin.languages = {};
    admin.lanes = {};
    ASSERT_TRUE(s.create_account(admin, 1));
    ASSERT_TRUE(s.create_account(sample("anna"), 1));
    const auto all = s.list_accounts();
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].pseudonym, "anna");
    EXPECT_EQ(all[1].pseudonym, "zed");
    EXPECT_EQ(all[1].role, role::admin);
    EXPECT_TRUE(all[1].languages.empty());
    EXPECT_TRUE(all[1].lanes.empty());
}

TEST_P(StoreTest, SettersChangeTheAccountAndReportUnknownOnes)
{
    store s(db_path());
    ASSERT_TRUE(s.create_account(sample("alice"), 1));
    EXPECT_TRUE(s.set_disabled("alice", true));
    EXPECT_TRUE(s.set_role("alice", role::supervisor));
    EXPECT_TRUE(s.set_languages("alice", {"en"}));
    EXPECT_TRUE(s.set_lanes("alice", {"consultation"}));
    const auto a = s.find_account("alice");
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->disabled);
    EXPECT_EQ(a->role, role::supervisor);
    EXPECT_EQ(a->languages, std::vector<std::string>{"en"});
    EXPECT_EQ(a->lanes, std::vector<std::string>{"consultation"});

    EXPECT_FALSE(s.set_disabled("nobody", true));
    EXPECT_FALSE(s.set_role("nobody", role::admin));
    EXPECT_FALSE(s.set_languages("nobody", {"sv"}));
    EXPECT_FALSE(s.set_lanes("nobody", {"support"}));
    EXPECT_FALSE(s.set_login("nobody", bytes(16, 1), "h", true));
}

TEST_P(StoreTest, ResetDropsIdentityKeyButPasswordChangeKeepsIt)
{
    store s(db_path());
    const auto id = s.create_account(sample("alice"), 1);
    ASSERT_TRUE(id);
    ASSERT_TRUE(s.set_identity_key(*id, bytes(32, 1), bytes(72, 2)));
    ASSERT_TRUE(s.set_certificate(*id, bytes(64, 3)));

    // The counsellor's own change (must_change = false) keeps the key.
    ASSERT_TRUE(s.set_login("alice", bytes(16, 7), "new-hash", false));
    auto a = s.find_account(*id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->login_salt, bytes(16, 7));
    EXPECT_EQ(a->login_hash, "new-hash");
    EXPECT_FALSE(a->must_change_password);
    EXPECT_EQ(a->identity_public_key, bytes(32, 1));
    EXPECT_EQ(a->wrapped_identity_key, bytes(72, 2));
    EXPECT_EQ(a->certificate, bytes(64, 3));

    // A reset drops key, wrapping and certificate.
    ASSERT_TRUE(s.set_login("alice", bytes(16, 8), "reset-hash", true));
    a = s.find_account(*id);
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->must_change_password);
    EXPECT_EQ(a->login_hash, "reset-hash");
    EXPECT_TRUE(a->identity_public_key.empty());
    EXPECT_TRUE(a->wrapped_identity_key.empty());
    EXPECT_TRUE(a->certificate.empty());
}

TEST_P(StoreTest, NewIdentityKeyNeedsANewCertificate)
{
    store s(db_path());
    const auto id = s.create_account(sample("alice"), 1);
    ASSERT_TRUE(id);
    ASSERT_TRUE(s.set_identity_key(*id, bytes(32, 1), bytes(72, 2)));
    ASSERT_TRUE(s.set_certificate(*id, bytes(64, 3)));
    ASSERT_TRUE(s.set_identity_key(*id, bytes(32, 4), bytes(72, 5)));
    const auto a = s.find_account(*id);
    ASSERT_TRUE(a);
    EXPECT_EQ(a->identity_public_key, bytes(32, 4));
    EXPECT_TRUE(a->certificate.empty());
    EXPECT_FALSE(s.set_identity_key(*id + 1, bytes(32, 1), bytes(72, 2)));
    EXPECT_FALSE(s.set_certificate(*id + 1, bytes(64, 3)));
}

TEST_P(StoreTest, SessionsAreFoundOnlyUntilTheyExpire)
{
    store s(db_path());
    const auto id = s.create_account(sample("alice"), 1);
    ASSERT_TRUE(id);
    const auto token = bytes(32, 0xab);
    s.create_session(token, *id, 2000);

    const auto found = s.find_session(token, 1999);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->account, *id);
    EXPECT_EQ(found->expires_at, 2000);
    EXPECT_FALSE(s.find_session(token, 2000)) << "a session is dead at its expiry time";
    EXPECT_FALSE(s.find_session(token, 5000));
    EXPECT_FALSE(s.find_session(bytes(32, 0xac), 1000)) << "unknown token";
}

TEST_P(StoreTest, PurgeRemovesOnlyExpiredSessions)
{
    store s(db_path());
    const auto id = s.create_account(sample("alice"), 1);
    ASSERT_TRUE(id);
    s.create_session(bytes(32, 1), *id, 100);
    s.create_session(bytes(32, 2), *id, 200);
    s.create_session(bytes(32, 3), *id, 300);
    EXPECT_EQ(s.purge_expired_sessions(200), 2);
    EXPECT_EQ(s.purge_expired_sessions(200), 0);
    EXPECT_TRUE(s.find_session(bytes(32, 3), 0));
    EXPECT_FALSE(s.find_session(bytes(32, 1), 0)) << "purged rows are gone even for an earlier clock";
}

TEST_P(StoreTest, DeletesOneSessionOrAllOfAnAccount)
{
    store s(db_path());
    const auto alice = s.create_account(sample("alice"), 1);
    const auto bob = s.create_account(sample("bob"), 1);
    ASSERT_TRUE(alice && bob);
    s.create_session(bytes(32, 1), *alice, 100);
    s.create_session(bytes(32, 2), *alice, 100);
    s.create_session(bytes(32, 3), *bob, 100);
    s.delete_session(bytes(32, 1));
    EXPECT_FALSE(s.find_session(bytes(32, 1), 0));
    EXPECT_TRUE(s.find_session(bytes(32, 2), 0));
    s.delete_sessions_of(*alice);
    EXPECT_FALSE(s.find_session(bytes(32, 2), 0));
    EXPECT_TRUE(s.find_session(bytes(32, 3), 0)) << "other accounts keep their sessions";
}

TEST_P(StoreTest, ForeignKeysAreEnforced)
{
    store s(db_path());
    // With foreign_keys off SQLite would accept a session of an account that does not exist.
    EXPECT_THROW(s.create_session(bytes(32, 1), 424242, 100), store_error);
}

TEST_P(StoreTest, SettingsAreStoredAndReplaced)
{
    store s(db_path());
    EXPECT_FALSE(s.setting("no-such-key"));
    s.put_setting("k", "{\"a\":1}");
    EXPECT_EQ(s.setting("k"), "{\"a\":1}");
    s.put_setting("k", "[]");
    EXPECT_EQ(s.setting("k"), "[]");
    // The defaults are seeded by the first migration.
    EXPECT_TRUE(s.setting("opening_hours"));
    EXPECT_TRUE(s.setting("emergency_numbers"));
    EXPECT_TRUE(s.setting("closed_text"));
}

TEST_P(StoreTest, CountersAddUpPerHourNameAndLabels)
{
    store s(db_path());
    s.add_to_counter(3600, "chats_started", "lane=support", 1);
    s.add_to_counter(3600, "chats_started", "lane=support", 2);
    s.add_to_counter(3600, "chats_started", "lane=consultation", 5);
    s.add_to_counter(7200, "chats_started", "lane=support", 7);
    EXPECT_EQ(s.counter(3600, "chats_started", "lane=support"), 3);
    EXPECT_EQ(s.counter(3600, "chats_started", "lane=consultation"), 5);
    EXPECT_EQ(s.counter(7200, "chats_started", "lane=support"), 7);
    EXPECT_EQ(s.counter(3600, "chats_ended", "lane=support"), 0);
}

TEST_P(StoreTest, AuditEntriesComeNewestFirstUpToTheLimit)
{
    store s(db_path());
    s.append_audit({10, "admin-cli", "account_created", "alice"});
    s.append_audit({20, "alice", "login", ""});
    s.append_audit({30, "alice", "duty_on", ""});
    const auto two = s.audit_entries(2);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].action, "duty_on");
    EXPECT_EQ(two[0].at, 30);
    EXPECT_EQ(two[1].action, "login");
    const auto all = s.audit_entries(100);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[2].actor, "admin-cli");
    EXPECT_EQ(all[2].subject, "alice");
}

INSTANTIATE_TEST_SUITE_P(Store, StoreTest, ::testing::Values(false, true),
                         [](const auto& param_info) { return param_info.param ? "file" : "memory"; });

// --- file-only properties ---

TEST(StoreFile, UsesWriteAheadLogging)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    store s(path);
    // journal_mode is kept in the file, so a second connection sees it.
    database other(path);
    statement mode(other, "PRAGMA journal_mode");
    ASSERT_TRUE(mode.step());
    EXPECT_EQ(mode.column_text(0), "wal");
}

TEST(StoreFile, AccountsSurviveReopening)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    {
        store s(path);
        ASSERT_TRUE(s.create_account(sample("alice"), 1));
    }
    store again(path);
    EXPECT_TRUE(again.find_account("alice"));
    EXPECT_EQ(again.schema_version(), latest_schema_version());
}

TEST(StoreFile, DeletingAnAccountCascadesToItsSessions)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    store s(path);
    const auto id = s.create_account(sample("alice"), 1);
    ASSERT_TRUE(id);
    s.create_session(bytes(32, 9), *id, 100);
    database raw(path);
    raw.busy_timeout(1000);
    raw.exec("PRAGMA foreign_keys=ON");
    raw.exec("DELETE FROM accounts WHERE pseudonym = 'alice'");
    EXPECT_FALSE(s.find_session(bytes(32, 9), 0));
}

std::string read_all(const fs::path& p)
{
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

TEST(StoreFile, SecureDeleteLeavesNoTraceOfDeletedRows)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    store s(path);
    const auto id = s.create_account(sample("alice"), 1);
    ASSERT_TRUE(id);
    // A distinctive token hash that cannot appear in the file by accident.
    std::vector<unsigned char> token;
    for (unsigned char i = 0; i < 32; ++i) token.push_back(static_cast<unsigned char>(0xC0 ^ (i * 7)));
    const std::string needle(token.begin(), token.end());

    s.create_session(token, *id, 100);
    s.checkpoint();
    ASSERT_NE(read_all(path).find(needle), std::string::npos) << "the test must see the token before deletion";

    s.delete_session(token);
    s.checkpoint();
    EXPECT_EQ(read_all(path).find(needle), std::string::npos) << "secure_delete must overwrite the deleted row";
    EXPECT_EQ(fs::file_size(path + "-wal"), 0u) << "checkpoint(TRUNCATE) empties the write-ahead log";
}

TEST(StoreFile, ALiveChatIdIsKeptAcrossReopeningAndLeavesNoTraceOnceRemoved)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    std::vector<unsigned char> sid;
    for (unsigned char i = 0; i < 16; ++i) sid.push_back(static_cast<unsigned char>(0xA5 ^ (i * 13)));
    const std::string needle(sid.begin(), sid.end());
    {
        store s(path);
        s.add_live_chat(sid);
        s.add_live_chat(sid);  // twice is once
        s.add_live_chat(bytes(16, 1));
    }
    store s(path);
    const auto kept = s.live_chats();
    EXPECT_EQ(kept.size(), 2u);
    EXPECT_TRUE(std::ranges::find(kept, sid) != kept.end()) << "a crash must not forget a live chat";
    s.checkpoint();
    ASSERT_NE(read_all(path).find(needle), std::string::npos);
    s.remove_live_chat(sid);
    s.checkpoint();
    EXPECT_EQ(s.live_chats(), (std::vector<std::vector<unsigned char>>{bytes(16, 1)}));
    EXPECT_EQ(read_all(path).find(needle), std::string::npos) << "an ended chat's id is overwritten, not just unlinked";
}

TEST(StoreFile, RefusesAFileThatIsNotADatabase)
{
    temp_dir dir;
    const auto path = dir.path / "garbage.db";
    std::ofstream(path) << std::string(4096, 'x');
    EXPECT_THROW(store{path.string()}, store_error);
}

TEST(StoreRole, NamesRoundTrip)
{
    for (const auto r : {role::counsellor, role::supervisor, role::admin}) EXPECT_EQ(parse_role(to_string(r)), r);
    EXPECT_FALSE(parse_role("root"));
    EXPECT_FALSE(parse_role("Admin"));
    EXPECT_FALSE(parse_role(""));
}

} // namespace
