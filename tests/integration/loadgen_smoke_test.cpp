// Integration: a short smoke run of the load generator tillit-loadgen (bench/README.md) against
// the real tillit-server. Its throughput and latency scenarios log two counsellors in, pair
// help-seekers with them and relay frames both ways over the wire protocol: nothing may be lost,
// reordered or answered with an error, the offered rate must be achieved, and the server's CPU must
// be measured. A bad command line is a usage error (exit status 2). The benchmarks proper are
// bench/run.sh; this only proves that the generator, and the relay under its load, work.
#include <gtest/gtest.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <boost/json.hpp>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/server_process.hpp"
#include "support/staff_login.hpp"
#include "support/temp_dir.hpp"

extern char** environ;

namespace tillit::test {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr auto password = "loadgen smoke passphrase";

std::string read_text(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct loadgen_run {
    int status = -1;  // exit code, 128 + signal, or -1 if it could not start or overran its time
    std::string out, err;
};

// Runs tillit-loadgen in a process group of its own (it forks workers); the whole group is killed
// if it is still running after `limit`.
loadgen_run run_loadgen(const fs::path& dir, std::vector<std::string> args, std::chrono::seconds limit = 120s)
{
    args.insert(args.begin(), TILLIT_LOADGEN_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const auto out_file = dir / "loadgen.out", err_file = dir / "loadgen.err";
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, STDOUT_FILENO, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, STDERR_FILENO, err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attributes, 0);
    pid_t pid = -1;
    const int spawned = ::posix_spawn(&pid, argv[0], &files, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&files);
    loadgen_run run;
    if (spawned != 0) {
        run.err = std::string("posix_spawn failed: ") + std::strerror(spawned);
        return run;
    }
    const auto deadline = std::chrono::steady_clock::now() + limit;
    int status = 0;
    pid_t waited = 0;
    while ((waited = ::waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(10ms);
    if (waited == pid) run.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    else {
        ::kill(-pid, SIGKILL);
        ::waitpid(pid, &status, 0);
    }
    run.out = read_text(out_file);
    run.err = read_text(err_file);
    if (waited != pid) run.err += "\n(killed after " + std::to_string(limit.count()) + " s)";
    return run;
}

class LoadgenSmoke : public ::testing::Test {
protected:
    void SetUp() override
    {
        for (const auto* name : {"smoke-c-1", "smoke-c-2"})
            create_account(dir.path() / "data", name, "counsellor", password, "sv");
        open_around_the_clock(dir.path() / "data");
        std::ofstream(password_file) << password << "\n";
        server = std::make_unique<server_process>(
            dir.path(), std::vector<std::string>{"--threads", "1", "--max-capacity", "50", "--ws-messages-per-second",
                                                 "100000", "--ws-message-burst", "100000", "--joins-per-minute", "0",
                                                 "--max-connections-per-client", "19500"});
    }

    // Runs the generator against the server with `args` added; the JSON's results[0] in `result`.
    loadgen_run run(std::vector<std::string> args)
    {
        args.insert(args.end(), {"--target", "tillit", "--port", std::to_string(server->port()), "--server-pid",
                                 std::to_string(server->pid()), "--password-file", password_file.string(),
                                 "--pseudonym-prefix", "smoke-c-", "--capacity", "50", "--warmup", "0.5",
                                 "--duration", "1.5", "--json", json_file.string()});
        auto ran = run_loadgen(dir.path(), std::move(args));
        if (fs::exists(json_file))
            result = boost::json::parse(read_text(json_file)).as_object().at("results").as_array().at(0).as_object();
        return ran;
    }

    double number(const char* name) const
    {
        const auto* value = result.if_contains(name);
        return value != nullptr ? value->to_number<double>() : -1;
    }

    temp_dir dir;
    fs::path password_file = dir.path() / "password";
    fs::path json_file = dir.path() / "results.json";
    std::unique_ptr<server_process> server;
    boost::json::object result;
};

TEST_F(LoadgenSmoke, ThroughputRelaysEveryFrameInOrder)
{
    const auto ran = run({"--scenario", "throughput", "--counsellors", "2", "--chats", "40"});
    ASSERT_EQ(ran.status, 0) << ran.out << ran.err << "\nserver log:\n" << server->log();
    ASSERT_FALSE(result.empty()) << "no results in the JSON file\n" << ran.out;
    EXPECT_GT(number("frames"), 0) << ran.out;
    EXPECT_EQ(number("lost"), 0) << ran.out;
    EXPECT_EQ(number("out_of_order"), 0) << ran.out;
    EXPECT_EQ(number("errors"), 0) << ran.out;
    EXPECT_GT(result.at("latency_us").at("count").to_number<double>(), 0) << ran.out;
    EXPECT_GT(number("server_cpu_us_per_frame"), 0) << ran.out;
}

TEST_F(LoadgenSmoke, LatencyOffersTheRateItWasAskedFor)
{
    const auto ran = run({"--scenario", "latency", "--rates", "500", "--counsellors", "1", "--chats", "10"});
    ASSERT_EQ(ran.status, 0) << ran.out << ran.err << "\nserver log:\n" << server->log();
    ASSERT_FALSE(result.empty()) << "no results in the JSON file\n" << ran.out;
    EXPECT_EQ(number("offered_rate"), 500) << ran.out;
    EXPECT_GE(number("achieved_rate"), 250) << ran.out;
    EXPECT_LE(number("achieved_rate"), 750) << ran.out;
    EXPECT_EQ(number("lost"), 0) << ran.out;
    EXPECT_EQ(number("out_of_order"), 0) << ran.out;
    EXPECT_EQ(number("errors"), 0) << ran.out;
}

TEST(LoadgenSmokeUsage, AnUnknownScenarioIsAUsageError)
{
    temp_dir dir;
    const auto ran = run_loadgen(dir.path(), {"--scenario", "nonsense", "--target", "tillit", "--port", "1"}, 30s);
    EXPECT_EQ(ran.status, 2) << ran.err;
    EXPECT_NE(ran.err.find("bad value for --scenario: nonsense"), std::string::npos) << ran.err;
    EXPECT_NE(ran.err.find("Usage: tillit-loadgen"), std::string::npos) << ran.err;
}

} // namespace
} // namespace tillit::test
