// admin_commands_test: tillit-admin end to end through run_admin on a real data directory:
// accounts (with real login values), settings, audit entries, usage and operational errors,
// and working while another connection (the server) has the database open.
#include "admin/admin_commands.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <thread>

#include "store/settings.hpp"
#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tillit;

struct result {
    int code = -1;
    std::string out;
    std::string err;
};

bool mentions(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

class AdminCommands : public ::testing::Test {
protected:
    AdminCommands()
    {
        std::string pattern = (fs::temp_directory_path() / "tillit-admin-XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        root_ = pattern;
        data_ = root_ / "nested" / "data";
    }
    ~AdminCommands() override
    {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }

    result run(std::vector<std::string> args, const std::string& input = "")
    {
        args.insert(args.begin(), {"--data-dir", data_.string()});
        std::istringstream in(input);
        std::ostringstream out;
        std::ostringstream err;
        result r;
        r.code = admin::run_admin(std::move(args), in, out, err);
        r.out = out.str();
        r.err = err.str();
        // Whatever happened, no login hash ever reaches the terminal.
        EXPECT_FALSE(mentions(r.out, "$argon2id")) << r.out;
        EXPECT_FALSE(mentions(r.err, "$argon2id")) << r.err;
        return r;
    }

    std::string db_path() const { return (data_ / "tillit.db").string(); }

    // The database as the server (or a test) opens it, beside the admin command.
    store::store open_db()
    {
        fs::create_directories(data_);
        return store::store(db_path());
    }

    // An account made directly in the store, without the Argon2id cost of the real command.
    store::account_id quick_account(store::store& s, const std::string& pseudonym)
    {
        store::new_account n;
        n.pseudonym = pseudonym;
        n.languages = {"sv"};
        n.lanes = {"support"};
        n.login_salt = std::vector<unsigned char>(16, 1);
        n.login_hash = "$argon2id$placeholder";
        const auto id = s.create_account(n, 0);
        if (!id) throw std::runtime_error("account exists");
        return *id;
    }

    static std::string one_time_password(const std::string& out)
    {
        std::smatch m;
        const std::regex pattern("one-time password[^:]*: (\\S+)");
        return std::regex_search(out, m, pattern) ? m[1].str() : std::string();
    }

    static bool password_opens(const store::account& a, const std::string& password)
    {
        const auto keys = crypto::derive_login_keys(password, a.login_salt);
        return keys && crypto::verify_login_value(a.login_hash, keys->auth.span());
    }

    fs::path root_;
    fs::path data_;
};

TEST_F(AdminCommands, CreateWithOneTimePasswordMakesBrowserCompatibleLoginValues)
{
    const auto r = run({"account", "create", "alice", "--role", "counsellor", "--languages", "sv,ar", "--lanes",
                        "support,consultation"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto password = one_time_password(r.out);
    ASSERT_EQ(password.size(), 23u) << r.out;  // 20 characters in groups of 5

    // The data directory was created, private to its owner.
    struct stat st {};
    ASSERT_EQ(::stat(data_.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0700u);

    auto s = open_db();
    const auto a = s.find_account("alice");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->role, store::role::counsellor);
    EXPECT_EQ(a->languages, (std::vector<std::string>{"sv", "ar"}));
    EXPECT_EQ(a->lanes, (std::vector<std::string>{"support", "consultation"}));
    EXPECT_TRUE(a->must_change_password);
    EXPECT_EQ(a->login_salt.size(), crypto::login_salt_bytes);
    EXPECT_TRUE(password_opens(*a, password)) << "the printed password must log in as a browser would";
    EXPECT_FALSE(mentions(r.out, a->login_hash));

    const auto audit = s.audit_entries(10);
    ASSERT_EQ(audit.size(), 1u);
    EXPECT_EQ(audit[0].actor, "admin-cli");
    EXPECT_EQ(audit[0].action, "account_created");
    EXPECT_EQ(audit[0].subject, "alice");
}

TEST_F(AdminCommands, CreateWithPasswordFromStdinNeedsNoChange)
{
    const auto r = run({"account", "create", "demo.counsellor", "--role", "supervisor", "--password-stdin"},
                       "correct horse battery\n");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_FALSE(mentions(r.out, "correct horse")) << "the password is never echoed";
    EXPECT_FALSE(mentions(r.out, "one-time password"));
    auto s = open_db();
    const auto a = s.find_account("demo.counsellor");
    ASSERT_TRUE(a);
    EXPECT_FALSE(a->must_change_password);
    EXPECT_EQ(a->role, store::role::supervisor);
    EXPECT_EQ(a->languages, std::vector<std::string>{"sv"}) << "default language";
    EXPECT_EQ(a->lanes, std::vector<std::string>{"support"}) << "default lane";
    EXPECT_TRUE(password_opens(*a, "correct horse battery"));
}

TEST_F(AdminCommands, ResetPasswordIssuesANewOneTimePasswordAndEndsEverything)
{
    store::account_id id = 0;
    std::string old_salt;
    {
        auto s = open_db();
        id = quick_account(s, "bob");
        ASSERT_TRUE(s.set_identity_key(id, std::vector<unsigned char>(32, 1), std::vector<unsigned char>(72, 2)));
        ASSERT_TRUE(s.set_certificate(id, std::vector<unsigned char>(64, 3)));
        s.create_session(std::vector<unsigned char>(32, 9), id, 4'000'000'000);
    }
    const auto r = run({"account", "reset-password", "bob"});
    ASSERT_EQ(r.code, 0) << r.err;
    const auto password = one_time_password(r.out);
    ASSERT_FALSE(password.empty()) << r.out;

    auto s = open_db();
    const auto a = s.find_account("bob");
    ASSERT_TRUE(a);
    EXPECT_TRUE(a->must_change_password);
    EXPECT_NE(a->login_hash, "$argon2id$placeholder");
    EXPECT_NE(a->login_salt, std::vector<unsigned char>(16, 1)) << "a reset uses a fresh salt";
    EXPECT_TRUE(password_opens(*a, password));
    EXPECT_TRUE(a->identity_public_key.empty());
    EXPECT_TRUE(a->wrapped_identity_key.empty());
    EXPECT_TRUE(a->certificate.empty());
    EXPECT_FALSE(s.find_session(std::vector<unsigned char>(32, 9), 0)) << "sessions end on reset";
    EXPECT_EQ(s.audit_entries(1).at(0).action, "password_reset");
}

TEST_F(AdminCommands, DisableEndsSessionsAndEnableRestores)
{
    {
        auto s = open_db();
        const auto id = quick_account(s, "carol");
        s.create_session(std::vector<unsigned char>(32, 5), id, 4'000'000'000);
    }
    auto r = run({"account", "disable", "carol"});
    ASSERT_EQ(r.code, 0) << r.err;
    {
        auto s = open_db();
        EXPECT_TRUE(s.find_account("carol")->disabled);
        EXPECT_FALSE(s.find_session(std::vector<unsigned char>(32, 5), 0));
    }
    r = run({"account", "list"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("carol +counsellor +sv +support +disabled +none"))) << r.out;

    r = run({"account", "enable", "carol"});
    ASSERT_EQ(r.code, 0) << r.err;
    auto s = open_db();
    EXPECT_FALSE(s.find_account("carol")->disabled);
    const auto audit = s.audit_entries(10);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "account_enabled");
    EXPECT_EQ(audit[1].action, "account_disabled");
}

TEST_F(AdminCommands, ListShowsRolesListsAndKeyStates)
{
    {
        auto s = open_db();
        quick_account(s, "a.none");
        const auto waiting = quick_account(s, "b.waiting");
        const auto done = quick_account(s, "c.done");
        ASSERT_TRUE(s.set_identity_key(waiting, std::vector<unsigned char>(32, 1), std::vector<unsigned char>(72, 2)));
        ASSERT_TRUE(s.set_identity_key(done, std::vector<unsigned char>(32, 1), std::vector<unsigned char>(72, 2)));
        ASSERT_TRUE(s.set_certificate(done, std::vector<unsigned char>(64, 3)));
    }
    const auto r = run({"account", "list"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "PSEUDONYM")) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("a\\.none .*enabled +none\n"))) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("b\\.waiting .*enabled +awaiting certification\n"))) << r.out;
    EXPECT_TRUE(std::regex_search(r.out, std::regex("c\\.done .*enabled +certified\n"))) << r.out;
}

TEST_F(AdminCommands, ChangesRoleLanguagesAndLanes)
{
    {
        auto s = open_db();
        quick_account(s, "dana");
    }
    ASSERT_EQ(run({"account", "set-role", "dana", "admin"}).code, 0);
    ASSERT_EQ(run({"account", "set-languages", "dana", "en,fa,so"}).code, 0);
    ASSERT_EQ(run({"account", "set-lanes", "dana", "consultation"}).code, 0);
    auto s = open_db();
    const auto a = s.find_account("dana");
    ASSERT_TRUE(a);
    EXPECT_EQ(a->role, store::role::admin);
    EXPECT_EQ(a->languages, (std::vector<std::string>{"en", "fa", "so"}));
    EXPECT_EQ(a->lanes, std::vector<std::string>{"consultation"});
    const auto audit = s.audit_entries(10);
    ASSERT_EQ(audit.size(), 3u);
    EXPECT_EQ(audit[0].action, "lanes_changed");
    EXPECT_EQ(audit[1].action, "languages_changed");
    EXPECT_EQ(audit[2].action, "role_changed");
}

TEST_F(AdminCommands, BadInputGivesUsageErrors)
{
    const struct {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"account", "create", "erin", "--role", "root"}, "unknown role \"root\""},
        {{"account", "create", "Erin!", "--role", "counsellor"}, "invalid pseudonym"},
        {{"account", "create", "e", "--role", "counsellor"}, "invalid pseudonym"},
        {{"account", "create", "erin"}, "missing --role"},
        {{"account", "create", "erin", "--role", "counsellor", "--languages", "swedish"}, "invalid language"},
        {{"account", "create", "erin", "--role", "counsellor", "--lanes", "chat"}, "invalid lane"},
        {{"account", "create", "erin", "--role", "counsellor", "--colour", "red"}, "unknown option --colour"},
        {{"account", "set-role", "erin", "boss"}, "unknown role"},
        {{"account", "disable"}, "missing PSEUDONYM"},
        {{"account", "frobnicate"}, "unknown command"},
        {{"coffee", "make"}, "unknown command"},
        {{"hours", "set", "--timezone", "Europe/Atlantis"}, "unknown time zone"},
        {{"hours", "set", "--timezone", "../../etc/passwd"}, "not a valid name"},
        {{"hours", "set", "--mon", "09:00-12:00,11:00-14:00"}, "overlaps"},
        {{"hours", "set", "--tue", "17:00-09:00"}, "opening must be before closing"},
        {{"hours", "set", "--wed", "9-5"}, "HH:MM-HH:MM"},
        {{"hours", "set"}, "nothing to set"},
        {{"emergency", "set", "Police 112"}, "LABEL=NUMBER"},
        {{"emergency", "set", "Police=one-one-two"}, "only digits"},
        {{"closed-text", "set", "Swedish", "Stängt"}, "not a language code"},
        {{"closed-text", "set", "sv"}, "missing TEXT"},
    };
    for (const auto& c : cases) {
        const auto r = run(c.args);
        EXPECT_EQ(r.code, 2) << c.args.at(0) << " " << c.args.at(1) << ": " << r.err;
        EXPECT_TRUE(mentions(r.err, c.message)) << "expected \"" << c.message << "\" in: " << r.err;
        EXPECT_TRUE(r.out.empty()) << r.out;
    }
    // Usage errors are found before anything is created.
    EXPECT_FALSE(fs::exists(data_));
}

TEST_F(AdminCommands, OptionErrorsNameTheOption)
{
    const struct {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"account", "create", "erin", "--role"}, "--role needs a value"},
        {{"account", "create", "erin", "--role", "counsellor", "--role=admin"}, "--role given twice"},
        {{"account", "create", "erin", "--role", "counsellor", "--password-stdin=yes"}, "--password-stdin takes no value"},
        // Whole names only: an abbreviation is not taken for the option it starts.
        {{"account", "create", "erin", "--rol", "counsellor"}, "unknown option --rol"},
        // A word with one dash is a positional, judged by the command.
        {{"account", "create", "-X", "--role", "counsellor"}, "invalid pseudonym \"-X\""},
        // An empty value after '=' is a value, judged by the option.
        {{"certificates", "certify", "erin", "--secret-file", "key", "--days="}, "--days must be a whole number from 1 to 90"},
    };
    for (const auto& c : cases) {
        const auto r = run(c.args);
        EXPECT_EQ(r.code, 2) << c.args.at(0) << " " << c.args.at(1) << ": " << r.err;
        EXPECT_TRUE(mentions(r.err, c.message)) << "expected \"" << c.message << "\" in: " << r.err;
        EXPECT_TRUE(mentions(r.err, "try: tillit-admin " + c.args.at(0) + " " + c.args.at(1) + " --help")) << r.err;
    }
    EXPECT_FALSE(fs::exists(data_));
}

TEST_F(AdminCommands, OperationalFailuresExitWithOne)
{
    {
        auto s = open_db();
        quick_account(s, "frank");
    }
    const struct {
        std::vector<std::string> args;
        std::string message;
    } cases[] = {
        {{"account", "disable", "nobody"}, "no account named \"nobody\""},
        {{"account", "enable", "nobody"}, "no account named"},
        {{"account", "set-role", "nobody", "admin"}, "no account named"},
        {{"account", "set-languages", "nobody", "sv"}, "no account named"},
        {{"account", "set-lanes", "nobody", "support"}, "no account named"},
        {{"account", "reset-password", "nobody"}, "no account named"},
        {{"account", "create", "frank", "--role", "admin"}, "already exists"},
    };
    for (const auto& c : cases) {
        const auto r = run(c.args);
        EXPECT_EQ(r.code, 1) << c.args.at(1) << ": " << r.err;
        EXPECT_TRUE(mentions(r.err, c.message)) << "expected \"" << c.message << "\" in: " << r.err;
    }
    auto s = open_db();
    EXPECT_TRUE(s.audit_entries(10).empty()) << "failed commands change nothing";
}

TEST_F(AdminCommands, HelpAndMissingCommand)
{
    auto r = run({"--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(mentions(r.out, "account create PSEUDONYM"));
    r = run({"account", "create", "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(mentions(r.out, "usage: tillit-admin account create"));
    r = run({"hours", "set", "--help"});
    EXPECT_EQ(r.code, 0);
    EXPECT_TRUE(mentions(r.out, "RANGES"));
    r = run({});
    EXPECT_EQ(r.code, 2);
    EXPECT_TRUE(mentions(r.err, "missing command"));
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(admin::run_admin({"--data-dir"}, in, out, err), 2);
    EXPECT_TRUE(mentions(err.str(), "--data-dir needs a value")) << err.str();
}

TEST_F(AdminCommands, DataDirMayComeAfterTheCommand)
{
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    ASSERT_EQ(admin::run_admin({"hours", "show", "--data-dir=" + data_.string()}, in, out, err), 0) << err.str();
    EXPECT_TRUE(mentions(out.str(), "timezone: Europe/Stockholm")) << out.str();
    EXPECT_TRUE(fs::exists(data_ / "tillit.db"));
    EXPECT_EQ(admin::run_admin({"--data-dir", "a", "hours", "show", "--data-dir", "b"}, in, out, err), 2);
    EXPECT_TRUE(mentions(err.str(), "--data-dir given twice")) << err.str();
}

TEST_F(AdminCommands, HoursSetChangesOnlyWhatIsGiven)
{
    auto r = run({"hours", "set", "--timezone", "Europe/Oslo", "--mon", "10:00-12:00,13:00-24:00", "--fri", "closed",
                  "--sun=09:00-11:00"});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run({"hours", "show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "timezone: Europe/Oslo\n"
                     "mon: 10:00-12:00,13:00-24:00\n"
                     "tue: 08:00-16:00\n"
                     "wed: 08:00-16:00\n"
                     "thu: 08:00-16:00\n"
                     "fri: closed\n"
                     "sat: closed\n"
                     "sun: 09:00-11:00\n");
    auto s = open_db();
    const auto h = store::load_opening_hours(s);
    ASSERT_TRUE(h) << h.error().message;
    EXPECT_EQ(h->timezone, "Europe/Oslo");
    EXPECT_EQ(s.audit_entries(1).at(0).action, "opening_hours_changed");
    // A rejected change leaves the stored hours as they were.
    const auto before = s.setting(store::opening_hours_key);
    EXPECT_EQ(run({"hours", "set", "--tue", "08:00-09:00,08:30-10:00"}).code, 2);
    EXPECT_EQ(s.setting(store::opening_hours_key), before);
}

TEST_F(AdminCommands, EmergencyNumbersAreReplacedInOrder)
{
    auto r = run({"emergency", "show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "Emergency: police, ambulance=112\n")) << r.out;
    EXPECT_TRUE(mentions(r.out, "Kvinnofridslinjen=020-50 50 50\n")) << r.out;

    r = run({"emergency", "set", "Emergency: police, ambulance=112", "Socialjouren=08-123 456 78"});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run({"emergency", "show"});
    EXPECT_EQ(r.out, "Emergency: police, ambulance=112\nSocialjouren=08-123 456 78\n");
    auto s = open_db();
    EXPECT_EQ(s.audit_entries(1).at(0).action, "emergency_numbers_changed");
}

TEST_F(AdminCommands, ClosedTextsAreSetPerLanguage)
{
    auto r = run({"closed-text", "set", "fi", "Chatti on suljettu."});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run({"closed-text", "set", "sv", "Stängt nu."});
    ASSERT_EQ(r.code, 0) << r.err;
    r = run({"closed-text", "show"});
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_TRUE(mentions(r.out, "fi: Chatti on suljettu.\n")) << r.out;
    EXPECT_TRUE(mentions(r.out, "sv: Stängt nu.\n")) << r.out;
    EXPECT_TRUE(mentions(r.out, "ar: ")) << "other languages are kept";
    auto s = open_db();
    const auto audit = s.audit_entries(2);
    ASSERT_EQ(audit.size(), 2u);
    EXPECT_EQ(audit[0].action, "closed_text_changed");
    EXPECT_EQ(audit[0].subject, "sv");
}

TEST_F(AdminCommands, WorksWhileTheServerHoldsTheDatabase)
{
    // The "server": a store with the file open for the whole test.
    auto server = open_db();
    const auto id = quick_account(server, "gina");
    const auto token = std::vector<unsigned char>(32, 7);
    server.create_session(token, id, 4'000'000'000);

    // The server is in the middle of a write when the admin starts; the admin waits its turn.
    store::database busy(db_path());
    auto writer = std::make_unique<store::transaction>(busy);
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        writer->commit();
    });
    const auto started = std::chrono::steady_clock::now();
    const auto r = run({"account", "disable", "gina"});
    const auto waited = std::chrono::steady_clock::now() - started;
    release.join();
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_GE(waited, std::chrono::milliseconds(250)) << "the admin must have waited for the lock, not skipped it";

    // The server's open connection sees the admin's changes at once.
    EXPECT_TRUE(server.find_account("gina")->disabled);
    EXPECT_FALSE(server.find_session(token, 0));
    EXPECT_EQ(run({"hours", "set", "--sat", "10:00-14:00"}).code, 0);
    EXPECT_EQ(store::load_opening_hours(server).value().days[5], (std::vector<store::time_range>{{600, 840}}));
}

} // namespace
