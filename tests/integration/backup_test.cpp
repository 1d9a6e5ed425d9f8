// Integration: tillit-admin backup while the server runs a chat, and restore into a data folder
// that a server then starts on; restore's refusals (a running server, an existing database
// without --replace, a file that is not a sound Tillit database).
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <memory>

#include "store/sqlite.hpp"
#include "store/store.hpp"
#include "support/chat_clients.hpp"
#include "support/relay_chat.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

namespace fs = std::filesystem;
constexpr auto password = "counsellor passphrase for backups";

TEST(BackupAndRestore, TakenDuringAChatRestoresToADatabaseTheServerStartsOn)
{
    temp_dir live;
    create_account(live.path() / "data", "anna", "counsellor", password);
    open_around_the_clock(live.path() / "data");
    const auto copy = live.path() / "tillit-backup.db";
    {
        server_process server(live.path());
        auto counsellor_connection = std::make_unique<ws_client>(server.port());
        auto& counsellor = *counsellor_connection;
        go_on_duty(counsellor, "anna", password, 1);
        auto seeker_connection = std::make_unique<ws_client>(server.port());
        auto& seeker = *seeker_connection;
        const auto chat = relay_both_ways(counsellor, seeker, "YmVmb3Jl", "YmFjaw");

        std::string output;
        ASSERT_EQ(admin(server.data_dir(), {"backup", copy.string()}, &output), 0) << output;
        EXPECT_NE(output.find("integrity check ok"), std::string::npos) << output;
        EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
        EXPECT_FALSE(fs::exists(copy.string() + "-wal")) << "the copy is one self-contained file";

        // The chat goes on: the backup held no lock that the server waited for.
        send_frame(seeker, chat, 2, "YWZ0ZXI");
        EXPECT_EQ(receive_type(counsellor, "msg").at("payload"), "YWZ0ZXI");

        EXPECT_EQ(admin(server.data_dir(), {"backup", copy.string()}, &output), 1) << "an existing file is never overwritten";
        EXPECT_EQ(admin(server.data_dir(), {"restore", copy.string(), "--replace"}, &output), 1);
        EXPECT_NE(output.find("stop it first"), std::string::npos) << output;
        // Hung up first: clients that do not read would keep the shutdown waiting for their close.
        seeker_connection.reset();
        counsellor_connection.reset();
        EXPECT_EQ(server.stop(SIGTERM), 0);
    }

    temp_dir restored;
    std::string output;
    ASSERT_EQ(admin(restored.path() / "data", {"restore", copy.string()}, &output), 0) << output;
    EXPECT_EQ(admin(restored.path() / "data", {"restore", copy.string()}, &output), 1) << "--replace is needed now";
    EXPECT_NE(output.find("--replace"), std::string::npos) << output;
    {
        store::store db((restored.path() / "data" / "tillit.db").string());
        const auto audit = db.audit_entries(20);
        EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const auto& e) { return e.action == "backup_taken"; }));
        EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const auto& e) { return e.action == "backup_restored"; }));
    }
    server_process server(restored.path());
    {
        ws_client counsellor(server.port());
        EXPECT_EQ(go_on_duty(counsellor, "anna", password, 1).at("type"), "duty") << "the account came back with the copy";
        ws_client seeker(server.port());
        EXPECT_NO_THROW(relay_both_ways(counsellor, seeker, "YWdhaW4", "eWVz"));
    }
    EXPECT_EQ(server.stop(SIGTERM), 0) << server.log();
}

TEST(BackupAndRestore, RestoreRefusesWhatIsNotASoundTillitDatabase)
{
    temp_dir dir;
    const auto junk = dir.path() / "junk.db";
    std::ofstream(junk) << "not a database at all";
    std::string output;
    EXPECT_EQ(admin(dir.path() / "data", {"restore", junk.string()}, &output), 1);
    EXPECT_FALSE(fs::exists(dir.path() / "data" / "tillit.db")) << "nothing is touched before the copy is checked";

    const auto empty = dir.path() / "empty.db";
    { store::database db(empty.string()); db.exec("CREATE TABLE t (x)"); }
    EXPECT_EQ(admin(dir.path() / "data", {"restore", empty.string()}, &output), 1);
    EXPECT_NE(output.find("not a Tillit database"), std::string::npos) << output;
}

} // namespace
} // namespace tillit::test
