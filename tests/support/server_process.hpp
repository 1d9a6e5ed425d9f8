// server_process: starts the real tillit-server binary on 127.0.0.1 with a free port, a fresh data
// folder and a small web root of test files; captures its log; stops it with a signal.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <sys/types.h>

#include "support/temp_dir.hpp"

namespace tillit::test {

// Contents of the test web root, so that tests can compare what is served.
inline constexpr std::string_view test_index_html = "<!doctype html><title>Tillit test</title><main>help</main>\n";
inline constexpr std::string_view secret_outside_root = "this file lies outside the web root";

class server_process {
public:
    // Writes the web root under `dir`/web and uses `dir`/data as the data folder; `extra_args`
    // are appended to the command line. Waits until the server logs that it listens.
    // Throws std::runtime_error when it does not start within 60 s (a sanitized build on a busy
    // machine starts slowly).
    explicit server_process(const std::filesystem::path& dir, std::vector<std::string> extra_args = {});
    ~server_process();
    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    [[nodiscard]] std::uint16_t port() const { return port_; }
    // The server's process id, for reading /proc/<pid>/ (see process_status.hpp); -1 once it ended.
    [[nodiscard]] pid_t pid() const { return pid_; }
    [[nodiscard]] std::filesystem::path data_dir() const { return dir_ / "data"; }
    [[nodiscard]] std::filesystem::path web_root() const { return dir_ / "web"; }
    // Everything the server has written to standard error so far.
    [[nodiscard]] std::string log() const;

    // Sends `signal` and waits (up to `timeout`) for the process to exit; returns its exit code,
    // or -1 if it had to be killed.
    int stop(int signal, std::chrono::seconds timeout = std::chrono::seconds(15));
    // Sends `signal` without waiting (so that clients can answer the server's close frames).
    void signal(int signal);
    // Waits for the process to exit; returns its exit code, or -1 if it had to be killed.
    int wait_for_exit(std::chrono::seconds timeout = std::chrono::seconds(15));
    // Starts the server again after it ended, with the same arguments, data folder and port (as a
    // supervisor would restart it); the log of the earlier run is kept in log().
    void start_again();

private:
    void launch(std::uint16_t port);
    [[nodiscard]] std::string current_log() const;  // this run's log only
    void wait_until_listening();

    std::filesystem::path dir_;
    std::vector<std::string> extra_args_;
    std::filesystem::path log_file_;
    std::string earlier_logs_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
};

} // namespace tillit::test
