// mailbox_settings_test: the mailbox settings (retention, reply time, thread limit): defaults on a
// database that never had them, checks, canonical JSON, and `tillit-admin mailbox show|set` on a
// real data directory.
#include "store/settings_mailbox.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "admin/admin_commands.hpp"
#include "store/store.hpp"
#include "support/temp_dir.hpp"

namespace tillit::store {
namespace {

bool mentions(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

TEST(MailboxSettings, ANewDatabaseHasTheDefaults)
{
    store db(":memory:");
    const auto loaded = load_mailbox_settings(db);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(loaded->retention_days, 30);
    EXPECT_EQ(loaded->reply_hours, 48);
    EXPECT_EQ(loaded->max_threads, 5000);
    EXPECT_EQ(read_mailbox_settings(db), *loaded);
}

TEST(MailboxSettings, SavedValuesRoundTripThroughCanonicalJson)
{
    store db(":memory:");
    save_mailbox_settings(db, {7, 24, 100});
    EXPECT_EQ(db.setting(mailbox_settings_key), R"({"retention_days":7,"reply_hours":24,"max_threads":100})");
    EXPECT_EQ(read_mailbox_settings(db), (mailbox_settings{7, 24, 100}));
}

TEST(MailboxSettings, ValuesOutsideTheirRangeAreRefusedWithTheRange)
{
    EXPECT_TRUE(validate(mailbox_settings{1, 1, 1}));
    EXPECT_TRUE(validate(mailbox_settings{90, 168, 1'000'000}));
    const auto too_long = validate(mailbox_settings{91, 48, 5000});
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().message, "mailbox-retention-days must be a whole number from 1 to 90 (days), not 91");
    EXPECT_FALSE(validate(mailbox_settings{30, 0, 5000}));
    EXPECT_FALSE(validate(mailbox_settings{30, 169, 5000}));
    EXPECT_FALSE(validate(mailbox_settings{30, 48, 0}));
    EXPECT_FALSE(validate(mailbox_settings{30, 48, 1'000'001}));

    store db(":memory:");
    EXPECT_THROW(save_mailbox_settings(db, {0, 48, 5000}), std::invalid_argument);
    EXPECT_FALSE(db.setting(mailbox_settings_key)) << "nothing saved";

    EXPECT_EQ(parse_mailbox_setting(reply_hours_limits, "72").value(), 72);
    for (const auto* bad : {"", "0", "169", "12h", " 12", "-1", "1e2", "99999999999"})
        EXPECT_FALSE(parse_mailbox_setting(reply_hours_limits, bad)) << bad;
}

TEST(MailboxSettings, ACorruptRowIsReportedButTheServerFallsBackToDefaults)
{
    store db(":memory:");
    for (const auto* stored : {"not json", "[]", R"({"retention_days":30,"reply_hours":48})",
                               R"({"retention_days":365,"reply_hours":48,"max_threads":5000})",
                               R"({"retention_days":30.5,"reply_hours":48,"max_threads":5000})"}) {
        db.put_setting(mailbox_settings_key, stored);
        const auto loaded = load_mailbox_settings(db);
        ASSERT_FALSE(loaded) << stored;
        EXPECT_TRUE(mentions(loaded.error().message, "setting \"mailbox\" is invalid")) << loaded.error().message;
        EXPECT_EQ(read_mailbox_settings(db), mailbox_settings{}) << stored;
    }
}

class MailboxCommands : public ::testing::Test {
protected:
    struct result {
        int code = -1;
        std::string out;
        std::string err;
    };

    result run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--data-dir", dir_.path().string()});
        std::istringstream in;
        std::ostringstream out;
        std::ostringstream err;
        result r;
        r.code = admin::run_admin(std::move(args), in, out, err);
        r.out = out.str();
        r.err = err.str();
        return r;
    }

    test::temp_dir dir_;
};

TEST_F(MailboxCommands, ShowGivesTheDefaultsAndSetChangesOnlyWhatIsGiven)
{
    auto r = run({"mailbox", "show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "retention-days: 30 ")) << r.out;
    EXPECT_TRUE(mentions(r.out, "reply-hours: 48 ")) << r.out;
    EXPECT_TRUE(mentions(r.out, "max-threads: 5000 ")) << r.out;
    EXPECT_TRUE(mentions(r.out, "threads stored now: 0")) << r.out;

    r = run({"mailbox", "set", "--retention-days", "14", "--max-threads=200"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "retention-days: 14 ")) << r.out;
    r = run({"mailbox", "set", "--reply-hours", "72"});
    ASSERT_EQ(r.code, 0) << r.err;

    store db((dir_.path() / "tillit.db").string());
    EXPECT_EQ(read_mailbox_settings(db), (mailbox_settings{14, 72, 200}));
    EXPECT_EQ(db.audit_entries(1).at(0).action, "mailbox_settings_changed");
    r = run({"mailbox", "show"});
    EXPECT_TRUE(mentions(r.out, "retention-days: 14 ") && mentions(r.out, "reply-hours: 72 ") &&
                mentions(r.out, "max-threads: 200 "))
        << r.out;
}

TEST_F(MailboxCommands, OutOfRangeValuesAreUsageErrorsThatChangeNothing)
{
    ASSERT_EQ(run({"mailbox", "set", "--retention-days", "20"}).code, 0);
    const struct {
        std::vector<std::string> args;
        std::string says;
    } cases[] = {
        {{"mailbox", "set", "--retention-days", "91"},
         "--retention-days: mailbox-retention-days must be a whole number from 1 to 90 (days), not 91"},
        {{"mailbox", "set", "--retention-days", "0", "--reply-hours", "24"}, "from 1 to 90 (days), not 0"},
        {{"mailbox", "set", "--reply-hours", "200"}, "--reply-hours: mailbox-reply-hours must be a whole number from 1 to 168"},
        {{"mailbox", "set", "--max-threads", "lots"}, "from 1 to 1000000 (threads), not \"lots\""},
        {{"mailbox", "set"}, "nothing to set"},
        {{"mailbox", "set", "--retention", "5"}, "unknown option --retention"},
        {{"mailbox", "set", "--retention-days"}, "--retention-days"},
    };
    for (const auto& c : cases) {
        const auto r = run(c.args);
        EXPECT_EQ(r.code, 2) << c.says;
        EXPECT_TRUE(mentions(r.err, c.says)) << r.err;
    }
    store db((dir_.path() / "tillit.db").string());
    EXPECT_EQ(read_mailbox_settings(db), (mailbox_settings{20, 48, 5000})) << "no partial change";
}

TEST_F(MailboxCommands, MainHelpListsTheGroup)
{
    const auto r = run({"--help"});
    EXPECT_TRUE(mentions(r.out, "mailbox set [--retention-days 1..90] [--reply-hours 1..168]")) << r.out;
    EXPECT_TRUE(mentions(run({"mailbox", "set", "--help"}).out, "default 30"));
}

} // namespace
} // namespace tillit::store
