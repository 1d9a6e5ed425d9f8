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

// tillit-server started as `uid` (when we are root; as ourselves otherwise), its output in
// `log_file`. Killed and reaped, at the latest, when this goes out of scope.
class server_as_user {
public:
    server_as_user(uid_t uid, const fs::path& dir, const fs::path& log_file)
    {
        fs::create_directories(dir / "data");
        fs::create_directories(dir / "web");
        std::ofstream(dir / "web" / "index.html") << "<!doctype html>";
        if (::geteuid() == 0 && ::chown((dir / "data").c_str(), uid, uid) != 0) return;
        fs::permissions(dir, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
        // Everything the child needs is made before fork: it only calls async-signal-safe functions.
        const std::string data = (dir / "data").string();
        const std::string web = (dir / "web").string();
        const int fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        const bool drop = ::geteuid() == 0;
        pid_ = ::fork();
        if (pid_ != 0) {
            ::close(fd);
            return;
        }
        ::dup2(fd, STDOUT_FILENO);
        ::dup2(fd, STDERR_FILENO);
        if (drop && (::setgroups(0, nullptr) != 0 || ::setgid(uid) != 0 || ::setuid(uid) != 0)) ::_exit(126);
        ::execl(TILLIT_SERVER_BINARY, TILLIT_SERVER_BINARY, "--listen-address", "127.0.0.1", "--port", "0", "--data-dir",
                data.c_str(), "--web-root", web.c_str(), "--threads", "1", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ~server_as_user()
    {
        if (pid_ > 0 && !wait_for_exit(0s)) {
            ::kill(pid_, SIGKILL);
            wait_for_exit(10s);
        }
    }
    server_as_user(const server_as_user&) = delete;
    server_as_user& operator=(const server_as_user&) = delete;

    [[nodiscard]] pid_t pid() const { return pid_; }

    // Waits up to `timeout` for the process to end; true when it has (its status in exit_status).
    bool wait_for_exit(std::chrono::seconds timeout)
    {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        for (;;) {
            if (::waitpid(pid_, &exit_status, WNOHANG) == pid_) {
                pid_ = -1;
                return true;
            }
            if (std::chrono::steady_clock::now() >= deadline) return false;
            std::this_thread::sleep_for(10ms);
        }
    }

    int exit_status = 0;

private:
    pid_t pid_ = -1;
};

TEST(ProcessHardening, TheRunningServerIsNotDumpable)
{
    temp_dir dir;
    const auto log_file = dir.path() / "server.log";
    server_as_user server(nobody, dir.path(), log_file);
    ASSERT_GT(server.pid(), 0);
    const pid_t pid = server.pid();
    bool listening = false;
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (!listening && std::chrono::steady_clock::now() < deadline) {
        std::ifstream in(log_file);
        const std::string log((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
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
    // At once after start: a SIGTERM during the first settings refresh once hung the server.
    const bool exited = server.wait_for_exit(15s);
    ASSERT_TRUE(exited) << "no exit after SIGTERM";
    EXPECT_TRUE(WIFEXITED(server.exit_status) && WEXITSTATUS(server.exit_status) == 0);
}

} // namespace
} // namespace tillit::test
