// nginx_process: the test configuration around the deploy snippet, and the nginx child process.
#include "support/nginx_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace tillit::test {

namespace fs = std::filesystem;
namespace asio = boost::asio;

namespace {

std::string read_file(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void replace_once(std::string& text, const std::string& from, const std::string& to)
{
    const auto at = text.find(from);
    if (at == std::string::npos || text.find(from, at + 1) != std::string::npos)
        throw std::runtime_error("deploy/nginx/tillit.conf no longer has exactly one \"" + from + "\"");
    text.replace(at, from.size(), to);
}

// IPv6 listens are dropped: the test binds 127.0.0.1 only.
std::string without_lines_containing(const std::string& text, const std::string& needle)
{
    std::istringstream in(text);
    std::string out;
    for (std::string line; std::getline(in, line);)
        if (line.find(needle) == std::string::npos) out += line + "\n";
    return out;
}

std::uint16_t free_port()
{
    asio::io_context ioc;
    asio::ip::tcp::acceptor probe(ioc, {asio::ip::make_address("127.0.0.1"), 0});
    return probe.local_endpoint().port();
}

bool accepts(std::uint16_t port)
{
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    boost::system::error_code ec;
    socket.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    return !ec;
}

} // namespace

std::optional<fs::path> find_nginx()
{
    const char* configured = std::getenv("TILLIT_NGINX");
    const fs::path nginx = configured != nullptr && *configured != '\0' ? configured : "/usr/sbin/nginx";
    std::error_code ec;
    if (fs::is_regular_file(nginx, ec)) return nginx;
    return std::nullopt;
}

nginx_process::nginx_process(const fs::path& nginx, const fs::path& prefix, const fs::path& snippet,
                             std::uint16_t backend_port, const fs::path& certificate, const fs::path& key,
                             const std::vector<std::pair<std::string, std::string>>& tighter)
    : log_dir_(prefix / "logs")
{
    for (const auto* sub : {"logs", "tmp/body", "tmp/proxy", "tmp/fastcgi", "tmp/uwsgi", "tmp/scgi"})
        fs::create_directories(prefix / sub);
    tls_port_ = free_port();
    http_port_ = free_port();

    auto site = read_file(snippet);
    if (site.empty()) throw std::runtime_error("cannot read " + snippet.string());
    site = without_lines_containing(site, "listen [::]");
    replace_once(site, "listen 443 ssl default_server;", "listen 127.0.0.1:" + std::to_string(tls_port_) + " ssl default_server;");
    replace_once(site, "listen 80;", "listen 127.0.0.1:" + std::to_string(http_port_) + ";");
    replace_once(site, "server 127.0.0.1:8080;", "server 127.0.0.1:" + std::to_string(backend_port) + ";");
    replace_once(site, "/etc/letsencrypt/live/chat.example.org/fullchain.pem", certificate.string());
    replace_once(site, "/etc/letsencrypt/live/chat.example.org/privkey.pem", key.string());
    for (const auto& [from, to] : tighter) replace_once(site, from, to);
    std::ofstream(prefix / "tillit.conf") << site;

    const auto p = prefix.string();
    std::ofstream conf(prefix / "nginx.conf");
    // As root, workers would switch to nobody and lose the test folder (mode 0700).
    if (::geteuid() == 0) conf << "user root;\n";
    conf << "worker_processes 1;\n"
         << "pid " << p << "/nginx.pid;\n"
         << "error_log " << p << "/logs/main-error.log info;\n"
         << "events { worker_connections 128; }\n"
         << "http {\n"
         << "  access_log " << p << "/logs/http-access.log;\n"
         << "  client_body_temp_path " << p << "/tmp/body;\n"
         << "  proxy_temp_path " << p << "/tmp/proxy;\n"
         << "  fastcgi_temp_path " << p << "/tmp/fastcgi;\n"
         << "  uwsgi_temp_path " << p << "/tmp/uwsgi;\n"
         << "  scgi_temp_path " << p << "/tmp/scgi;\n"
         << "  include " << p << "/tillit.conf;\n"
         << "}\n";
    conf.close();

    std::vector<std::string> args = {nginx.string(), "-p", p + "/", "-c", p + "/nginx.conf", "-e",
                                     p + "/logs/startup-error.log", "-g", "daemon off;"};
    const auto stdio = log_dir_ / "nginx-stdio.log";
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork failed");
    if (pid_ == 0) {
        ::setpgid(0, 0);  // its own group: a kill reaches the workers too
        const int fd = ::open(stdio.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        ::dup2(fd, STDERR_FILENO);
        ::dup2(fd, STDOUT_FILENO);
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!accepts(tls_port_)) {
        int status = 0;
        if (::waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            throw std::runtime_error("nginx exited at start-up:\n" + diagnostics());
        }
        if (std::chrono::steady_clock::now() >= deadline) throw std::runtime_error("nginx did not listen in time:\n" + diagnostics());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

nginx_process::~nginx_process() { stop(); }

std::string nginx_process::diagnostics() const
{
    return read_file(log_dir_ / "nginx-stdio.log") + read_file(log_dir_ / "startup-error.log") +
           read_file(log_dir_ / "main-error.log");
}

int nginx_process::stop()
{
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGQUIT);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    int status = 0;
    while (::waitpid(pid_, &status, WNOHANG) == 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(-pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
            return -1;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace tillit::test
