// Integration: the running tillit-server has turned core dumps off itself: its core size limit is
// 0 (soft and hard, /proc/<pid>/limits) and it is not dumpable (PR_SET_DUMPABLE 0), which the
// kernel shows by giving the files in its /proc/<pid> to root. That last one is seen only when the
// server runs as another user than root, so a test run as root starts it as nobody.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <regex>
#include <thread>

#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/process_status.hpp"
#include "support/server_process.hpp"

namespace tillit::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
constexpr uid_t nobody = 65534;

TEST(ProcessHardening, CoreDumpsAreOffInTheRunningServer)
{
    temp_dir dir;
    server_process server(dir.path());
    std::istringstream limits(proc_text(server.pid(), "limits"));
    bool found = false;
    for (std::string line; std::getline(limits, line);) {
        if (!line.starts_with("Max core file size")) continue;
        found = true;
        EXPECT_TRUE(std::regex_search(line, std::regex(R"(size\s+0\s+0\s)"))) << line;
    }
    EXPECT_TRUE(found) << "no core size limit in /proc/" << server.pid() << "/limits";
    EXPECT_NE(server.log().find("\"core_dumps_off\""), std::string::npos);
}

// Starts tillit-server as `uid` (when we are root; as ourselves otherwise) and waits until it listens.
pid_t start_as(uid_t uid, const fs::path& dir, const fs::path& log_file)
{
    fs::create_directories(dir / "data");
    fs::create_directories(dir / "web");
    std::ofstream(dir / "web" / "index.html") << "<!doctype html>";
    if (::geteuid() == 0 && ::chown((dir / "data").c_str(), uid, uid) != 0) return -1;
    fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    const pid_t pid = ::fork();
    if (pid != 0) return pid;
    const int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(fd, STDERR_FILENO);
    if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(uid) != 0 || ::setuid(uid) != 0)) ::_exit(126);
    const std::string data = (dir / "data").string();
    const std::string web = (dir / "web").string();
    ::execl(TILLIT_SERVER_BINARY, TILLIT_SERVER_BINARY, "--listen-address", "127.0.0.1", "--port", "0", "--data-dir",
            data.c_str(), "--web-root", web.c_str(), "--threads", "1", static_cast<char*>(nullptr));
    ::_exit(127);
}

TEST(ProcessHardening, TheRunningServerIsNotDumpable)
{
    temp_dir dir;
    const auto log_file = dir.path() / "server.log";
    const pid_t pid = start_as(nobody, dir.path(), log_file);
    ASSERT_GT(pid, 0);
    bool listening = false;
    for (int i = 0; i < 2000 && !listening; ++i) {
        std::ifstream in(log_file);
        std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        listening = log.find("\"listening\"") != std::string::npos;
        if (!listening) std::this_thread::sleep_for(10ms);
    }
    ASSERT_TRUE(listening) << "the server did not start";

    struct stat entry{};
    ASSERT_EQ(::stat(("/proc/" + std::to_string(pid) + "/status").c_str(), &entry), 0);
    const auto status = proc_text(pid, "status");
    const uid_t runs_as = ::geteuid() == 0 ? nobody : ::geteuid();
    EXPECT_NE(status.find("Uid:\t" + std::to_string(runs_as)), std::string::npos) << status;
    if (runs_as != 0) {
        EXPECT_EQ(entry.st_uid, 0u) << "a dumpable process owns the files in its /proc/<pid>";
    }

    ::kill(pid, SIGTERM);
    int exit_status = 0;
    ::waitpid(pid, &exit_status, 0);
    EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0);
}

} // namespace
} // namespace tillit::test
