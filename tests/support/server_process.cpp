// server_process: fork/exec of tillit-server and reading its log.
#include "support/server_process.hpp"

#include <csignal>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tillit::test {

namespace fs = std::filesystem;

namespace {

void write_file(const fs::path& path, std::string_view contents)
{
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << contents;
}

void write_web_root(const fs::path& dir)
{
    const auto web = dir / "web";
    if (fs::exists(web)) return;
    write_file(web / "index.html", test_index_html);
    write_file(web / "counsellor" / "index.html", "<!doctype html><title>console</title>\n");
    write_file(web / "supervisor" / "index.html", "<!doctype html><title>dashboard</title>\n");
    write_file(web / "assets" / "app.js", "export const ready = true;\n");
    write_file(web / "assets" / "app.css", "main { margin-inline: 1rem; }\n");
    write_file(web / "assets" / "sodium.wasm", std::string_view("\0asm", 4));
    write_file(dir / "outside.txt", secret_outside_root);
    // A symlink inside the root that points out of it must not be followed.
    fs::create_symlink(dir / "outside.txt", web / "assets" / "escape.txt");
}

} // namespace

server_process::server_process(const fs::path& dir, std::vector<std::string> extra_args)
    : dir_(dir), extra_args_(std::move(extra_args))
{
    write_web_root(dir_);
    launch(0);
}

void server_process::start_again()
{
    if (pid_ > 0) throw std::runtime_error("start_again: the server is still running");
    earlier_logs_ += current_log();
    launch(port_);
}

void server_process::launch(std::uint16_t port)
{
    // A new log file for each run: the parent must not read the last run's "listening" line
    // before the child has truncated it.
    log_file_ = dir_ / ("server-" + std::to_string(std::random_device{}()) + ".log");
    std::vector<std::string> args = {TILLIT_SERVER_BINARY, "--listen-address", "127.0.0.1", "--port", std::to_string(port),
                                     "--data-dir", data_dir().string(), "--web-root", web_root().string(),
                                     "--threads", "2"};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());

    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        const int fd = ::open(log_file_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        ::dup2(fd, STDOUT_FILENO);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    wait_until_listening();
}

server_process::~server_process()
{
    if (pid_ > 0) stop(SIGKILL, std::chrono::seconds(5));
}

std::string server_process::current_log() const
{
    std::ifstream in(log_file_, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string server_process::log() const { return earlier_logs_ + current_log(); }

void server_process::wait_until_listening()
{
    static const std::regex listening(R"("event":"listening","port":(\d+))");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        std::smatch match;
        const auto text = current_log();
        if (std::regex_search(text, match, listening)) {
            port_ = static_cast<std::uint16_t>(std::stoi(match[1]));
            return;
        }
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("tillit-server exited at start-up:\n" + text);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    throw std::runtime_error("tillit-server did not start listening in time:\n" + log());
}

int server_process::stop(int signal_number, std::chrono::seconds timeout)
{
    signal(signal_number);
    return wait_for_exit(timeout);
}

void server_process::signal(int signal_number)
{
    if (pid_ > 0) ::kill(pid_, signal_number);
}

int server_process::wait_for_exit(std::chrono::seconds timeout)
{
    if (pid_ <= 0) return -1;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace tillit::test
