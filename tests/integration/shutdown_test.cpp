// Integration: graceful shutdown on SIGTERM and SIGINT closes every WebSocket with 1001
// going-away, writes the database's log back and exits with 0.
#include <gtest/gtest.h>

#include <csignal>

#include "store/store.hpp"
#include "support/server_process.hpp"
#include "support/staff_login.hpp"

namespace tillit::test {
namespace {

class Shutdown : public ::testing::TestWithParam<int> {};

TEST_P(Shutdown, ClosesClientsWithGoingAwayAndFlushesTheDatabase)
{
    temp_dir dir;
    create_account(dir.path() / "data", "berit", "supervisor", "shutdown test passphrase");
    server_process server(dir.path());

    ws_client signed_in(server.port());
    ASSERT_EQ(log_in(signed_in, "berit", "shutdown test passphrase").at("type"), "login_ok");
    ws_client anonymous(server.port());

    server.signal(GetParam());
    EXPECT_EQ(signed_in.wait_for_close(), 1001);
    EXPECT_EQ(anonymous.wait_for_close(), 1001);
    EXPECT_EQ(server.wait_for_exit(), 0) << server.log();
    EXPECT_EQ(server.log().find("shutdown_forced"), std::string::npos) << "clients that answer are not waited for";

    // Nothing was left only in the write-ahead log: the login's audit entry is in the file.
    const auto wal = dir.path() / "data" / "tillit.db-wal";
    EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
    store::store db((dir.path() / "data" / "tillit.db").string());
    const auto audit = db.audit_entries(10);
    EXPECT_TRUE(std::any_of(audit.begin(), audit.end(), [](const auto& e) { return e.action == "login" && e.actor == "berit"; }));
    EXPECT_NE(server.log().find("\"event\":\"stopped\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Signals, Shutdown, ::testing::Values(SIGTERM, SIGINT),
                         [](const ::testing::TestParamInfo<int>& signal) { return signal.param == SIGTERM ? "SIGTERM" : "SIGINT"; });

} // namespace
} // namespace tillit::test
