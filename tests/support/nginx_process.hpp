// nginx_process: Debian's nginx run by a test with deploy/nginx/tillit.conf in front of a
// tillit-server on 127.0.0.1: its own prefix, configuration, pid, logs and temporary folders in
// a test folder (nothing of the system's nginx set-up is read or touched), on free ports.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>

namespace tillit::test {

// Where nginx is (TILLIT_NGINX or /usr/sbin/nginx), or nullopt when it is not installed.
std::optional<std::filesystem::path> find_nginx();

class nginx_process {
public:
    // Writes `snippet` (deploy/nginx/tillit.conf) into `prefix` with its listen ports, upstream
    // port and certificate paths replaced (each must occur exactly once, so a changed snippet
    // fails loudly), wraps it in a minimal nginx.conf whose main error log (level info) and
    // http-level access log catch whatever the snippet does not turn off, and starts nginx in
    // the foreground. Waits (at most 20 s) until the TLS port accepts. `tighter` replaces more text
    // of the snippet (each exactly once), e.g. a limit made small enough for a test to reach.
    // Throws std::runtime_error.
    nginx_process(const std::filesystem::path& nginx, const std::filesystem::path& prefix, const std::filesystem::path& snippet,
                  std::uint16_t backend_port, const std::filesystem::path& certificate, const std::filesystem::path& key,
                  const std::vector<std::pair<std::string, std::string>>& tighter = {});
    ~nginx_process();
    nginx_process(const nginx_process&) = delete;
    nginx_process& operator=(const nginx_process&) = delete;

    [[nodiscard]] std::uint16_t tls_port() const { return tls_port_; }
    [[nodiscard]] std::uint16_t http_port() const { return http_port_; }
    [[nodiscard]] const std::filesystem::path& log_dir() const { return log_dir_; }
    // Everything nginx printed itself and its main error log, for failure messages.
    [[nodiscard]] std::string diagnostics() const;

    // Graceful stop (SIGQUIT), then SIGKILL after 10 s; returns the exit status or -1.
    int stop();

private:
    std::filesystem::path log_dir_;
    pid_t pid_ = -1;
    std::uint16_t tls_port_ = 0;
    std::uint16_t http_port_ = 0;
};

} // namespace tillit::test
