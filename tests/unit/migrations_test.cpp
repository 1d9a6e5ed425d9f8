// migrations_test: the schema_version table, migrating old databases forward without losing
// data, one transaction per migration, and a schema with no place for identifying data.
#include "store/migrations.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "store/sqlite.hpp"
#include "store/store.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tillit::store;

struct temp_dir {
    fs::path path;
    temp_dir()
    {
        std::string pattern = (fs::temp_directory_path() / "tillit-migrations-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path = pattern;
    }
    ~temp_dir()
    {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
};

bool has_table(database& db, std::string_view name)
{
    statement s(db, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    s.bind(1, name);
    return s.step();
}

std::vector<std::string> columns_of(database& db, const std::string& table)
{
    statement s(db, "SELECT name FROM pragma_table_info(?1) ORDER BY cid");
    s.bind(1, table);
    std::vector<std::string> out;
    while (s.step()) out.push_back(s.column_text(0));
    return out;
}

std::int64_t count(database& db, const std::string& sql)
{
    statement s(db, sql);
    return s.step() ? s.column_int64(0) : -1;
}

TEST(Migrations, EmptyDatabaseIsVersionZero)
{
    database db(":memory:");
    EXPECT_EQ(schema_version_of(db), 0);
}

TEST(Migrations, BuildsAnOlderVersionOnRequest)
{
    database db(":memory:");
    migrate(db, 1);
    EXPECT_EQ(schema_version_of(db), 1);
    EXPECT_TRUE(has_table(db, "accounts"));
    EXPECT_TRUE(has_table(db, "login_sessions"));
    EXPECT_TRUE(has_table(db, "settings"));
    EXPECT_FALSE(has_table(db, "stats_counters"));
    EXPECT_FALSE(has_table(db, "audit_log"));

    migrate(db, 2);
    EXPECT_EQ(schema_version_of(db), 2);
    EXPECT_TRUE(has_table(db, "stats_counters"));
    EXPECT_TRUE(has_table(db, "audit_log"));
}

TEST(Migrations, RunningAgainChangesNothing)
{
    database db(":memory:");
    migrate(db, latest_schema_version());
    migrate(db, latest_schema_version());
    migrate(db, 1);  // asking for an older version never downgrades
    EXPECT_EQ(schema_version_of(db), latest_schema_version());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM schema_version"), latest_schema_version());
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM settings"), 3) << "defaults are seeded once";
}

TEST(Migrations, RejectsUnknownTargetVersions)
{
    database db(":memory:");
    EXPECT_THROW(migrate(db, latest_schema_version() + 1), store_error);
    EXPECT_THROW(migrate(db, -1), store_error);
    EXPECT_EQ(schema_version_of(db), 0);
}

TEST(Migrations, RefusesADatabaseNewerThanThisBuild)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    {
        database db(path);
        migrate(db, latest_schema_version());
        db.exec("INSERT INTO schema_version (version, applied_at) VALUES (99, 0)");
    }
    database db(path);
    EXPECT_THROW(migrate(db, latest_schema_version()), store_error);
    EXPECT_THROW(store{path}, store_error);
}

TEST(Migrations, StoreMigratesAVersionOneFileAndKeepsItsAccounts)
{
    temp_dir dir;
    const auto path = (dir.path / "tillit.db").string();
    {
        database db(path);
        migrate(db, 1);
        db.exec("INSERT INTO accounts (pseudonym, role, languages, lanes, login_salt, login_hash, must_change_password, "
                "created_at) VALUES ('old.timer', 'supervisor', 'sv,fa', 'consultation', x'00112233445566778899aabbccddeeff', "
                "'$argon2id$old', 0, 1700000000)");
        db.exec("UPDATE settings SET value = '{\"sv\":\"Stängt\"}' WHERE key = 'closed_text'");
        ASSERT_EQ(schema_version_of(db), 1);
    }
    store s(path);
    EXPECT_EQ(s.schema_version(), latest_schema_version());
    const auto a = s.find_account("old.timer");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->role, role::supervisor);
    EXPECT_EQ(a->languages, (std::vector<std::string>{"sv", "fa"}));
    EXPECT_EQ(a->lanes, std::vector<std::string>{"consultation"});
    EXPECT_EQ(a->login_hash, "$argon2id$old");
    EXPECT_EQ(a->login_salt.size(), 16u);
    EXPECT_FALSE(a->must_change_password);
    EXPECT_EQ(s.setting("closed_text"), "{\"sv\":\"Stängt\"}") << "settings changed by the operator are kept";
    // The v2 tables work.
    s.add_to_counter(0, "chats", "", 1);
    EXPECT_EQ(s.counter(0, "chats", ""), 1);
    s.append_audit({1, "admin-cli", "x", ""});
    EXPECT_EQ(s.audit_entries(10).size(), 1u);
}

TEST(Migrations, AFailingMigrationIsRolledBackWhole)
{
    database db(":memory:");
    migrate(db, 1);
    // Something in the way of v2's first table makes v2 fail part-way.
    db.exec("CREATE TABLE audit_log (x)");
    EXPECT_THROW(migrate(db, 2), store_error);
    EXPECT_EQ(schema_version_of(db), 1);
    EXPECT_FALSE(has_table(db, "stats_counters")) << "v2's first statement must be rolled back with the rest";
}

TEST(Migrations, TransactionRollsBackUnlessCommitted)
{
    database db(":memory:");
    db.exec("CREATE TABLE t (x INTEGER)");
    {
        transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
    }
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM t"), 0);
    {
        transaction tx(db);
        db.exec("INSERT INTO t VALUES (2)");
        tx.commit();
    }
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM t"), 1);
}

TEST(Migrations, SqliteErrorsCarryTheMessage)
{
    database db(":memory:");
    try {
        statement s(db, "SELEC 1");
        FAIL() << "a syntax error must throw";
    } catch (const store_error& e) {
        EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
    }
    db.exec("CREATE TABLE u (x INTEGER UNIQUE)");
    db.exec("INSERT INTO u VALUES (1)");
    statement dup(db, "INSERT INTO u VALUES (1)");
    EXPECT_THROW(dup.run(), constraint_error);
}

TEST(Migrations, BlobsKeepEmptyAndBinaryValues)
{
    database db(":memory:");
    db.exec("CREATE TABLE b (v BLOB)");
    const std::vector<unsigned char> binary{0, 1, 0xff, 0};
    statement ins(db, "INSERT INTO b VALUES (?1)");
    ins.bind(1, std::span<const unsigned char>(binary));
    ins.run();
    ins.reset();
    ins.bind(1, std::span<const unsigned char>{});
    ins.run();
    statement sel(db, "SELECT v, v IS NULL FROM b ORDER BY rowid");
    ASSERT_TRUE(sel.step());
    EXPECT_EQ(sel.column_blob(0), binary);
    ASSERT_TRUE(sel.step());
    EXPECT_TRUE(sel.column_blob(0).empty());
    EXPECT_EQ(sel.column_int64(1), 0) << "an empty blob is not NULL";
}

TEST(Migrations, SchemaHasTheExpectedColumnsAndNothingIdentifying)
{
    database db(":memory:");
    migrate(db, latest_schema_version());
    EXPECT_EQ(columns_of(db, "accounts"),
              (std::vector<std::string>{"id", "pseudonym", "role", "languages", "lanes", "disabled", "login_salt", "login_hash",
                                        "must_change_password", "identity_public_key", "wrapped_identity_key", "certificate",
                                        "created_at"}));
    EXPECT_EQ(columns_of(db, "login_sessions"), (std::vector<std::string>{"token_hash", "account_id", "expires_at"}));
    EXPECT_EQ(columns_of(db, "stats_counters"), (std::vector<std::string>{"hour", "name", "labels", "value"}));
    EXPECT_EQ(columns_of(db, "audit_log"), (std::vector<std::string>{"id", "at", "actor", "action", "subject"}));
    EXPECT_EQ(columns_of(db, "live_chats"), (std::vector<std::string>{"sid"})) << "a live chat's random id and nothing else";
    // The mailbox: ciphertext, envelopes, routing, hours; nothing about the writer.
    EXPECT_EQ(columns_of(db, "mailbox_threads"),
              (std::vector<std::string>{"box_id", "auth_hash", "thread_key", "lane", "language", "age_band", "topic",
                                        "counsellor", "reply_by", "waiting_since", "last_letter_hour", "letters"}));
    EXPECT_EQ(columns_of(db, "mailbox_letters"),
              (std::vector<std::string>{"box_id", "number", "from_side", "hour", "author", "sender_key", "ciphertext"}));
    EXPECT_EQ(columns_of(db, "mailbox_envelopes"), (std::vector<std::string>{"id", "box_id", "number", "reader_key", "box"}));
    EXPECT_EQ(columns_of(db, "mailbox_keys"),
              (std::vector<std::string>{"account_id", "public_key", "signature", "wrapped", "not_after"}));

    // Line 2 of the design: no column for an address, user agent, cookie or device anywhere.
    statement tables(db, "SELECT name FROM sqlite_schema WHERE type = 'table'");
    std::set<std::string> names;
    while (tables.step()) names.insert(tables.column_text(0));
    EXPECT_EQ(names, (std::set<std::string>{"schema_version", "accounts", "login_sessions", "settings", "stats_counters", "audit_log",
                                            "live_chats", "mailbox_threads", "mailbox_letters", "mailbox_envelopes",
                                            "mailbox_keys"}));
    for (const auto& table : names) {
        for (const auto& column : columns_of(db, table)) {
            for (const std::string_view banned : {"ip", "addr", "agent", "cookie", "device", "seeker"}) {
                const bool whole_word_ip = banned == "ip" && (column == "ip" || column.starts_with("ip_") || column.ends_with("_ip"));
                const bool contains = banned != "ip" && column.find(banned) != std::string::npos;
                EXPECT_FALSE(whole_word_ip || contains) << table << "." << column;
            }
        }
    }
}

TEST(Migrations, StatsCountersHaveTheirCompositeKey)
{
    database db(":memory:");
    migrate(db, latest_schema_version());
    db.exec("INSERT INTO stats_counters VALUES (0, 'a', '', 1)");
    EXPECT_THROW(db.exec("INSERT INTO stats_counters VALUES (0, 'a', '', 2)"), constraint_error);
    db.exec("INSERT INTO stats_counters VALUES (0, 'a', 'x', 2)");
    EXPECT_EQ(count(db, "SELECT COUNT(*) FROM stats_counters"), 2);
}

} // namespace
