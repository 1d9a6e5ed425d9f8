// tillit-floor: arguments, file limit, signals and the listening socket; then the relay loop.
#include <cerrno>
#include <charconv>
#include <cstdint>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <arpa/inet.h>
#include <malloc.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include "relay.hpp"

namespace {

constexpr const char* usage = "usage: tillit-floor --port PORT [--address 127.0.0.1]\n";

struct options {
    std::string address = "127.0.0.1";
    int port = -1;
};

bool parse(int argc, char** argv, options& out) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (i + 1 >= argc) {
            return false;
        }
        const std::string_view value = argv[++i];
        if (arg == "--port") {
            int port = -1;
            const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), port);
            if (ec != std::errc{} || end != value.data() + value.size() || port < 0 || port > 65535) {
                return false;
            }
            out.port = port;
        } else if (arg == "--address") {
            out.address = value;
        } else {
            return false;
        }
    }
    return out.port >= 0;
}

// Up to ~19,500 connections need as many descriptors: take all the hard limit allows.
void raise_file_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

// SIGTERM and SIGINT arrive as a readable descriptor in the loop's epoll set: no handler, no race.
int signal_descriptor() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    if (sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
        return -1;
    }
    return signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC);
}

// Returns the listening socket and prints where it listens, or -1 after saying why not.
int listen_on(const options& opts) {
    sockaddr_storage storage{};
    socklen_t length = 0;
    auto* v4 = reinterpret_cast<sockaddr_in*>(&storage);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&storage);
    if (inet_pton(AF_INET, opts.address.c_str(), &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(static_cast<std::uint16_t>(opts.port));
        length = sizeof *v4;
    } else if (inet_pton(AF_INET6, opts.address.c_str(), &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(static_cast<std::uint16_t>(opts.port));
        length = sizeof *v6;
    } else {
        std::fprintf(stderr, "floor: not a numeric address: %s\n", opts.address.c_str());
        return -1;
    }
    const int fd = socket(storage.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    const int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
        bind(fd, reinterpret_cast<sockaddr*>(&storage), length) != 0 ||
        listen(fd, 65535) != 0 || // the kernel caps it at net.core.somaxconn
        getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) {
        std::fprintf(stderr, "floor: cannot listen on %s port %d: %s\n", opts.address.c_str(), opts.port,
                     std::strerror(errno));
        return -1;
    }
    const bool is_v6 = storage.ss_family == AF_INET6;
    char text[INET6_ADDRSTRLEN] = {};
    inet_ntop(storage.ss_family, is_v6 ? static_cast<const void*>(&v6->sin6_addr) : &v4->sin_addr, text, sizeof text);
    std::printf(is_v6 ? "floor: listening on [%s]:%u\n" : "floor: listening on %s:%u\n", text,
                static_cast<unsigned>(ntohs(is_v6 ? v6->sin6_port : v4->sin_port)));
    std::fflush(stdout);
    return fd;
}

// Partial 64 KiB frames and backlogs come and go: serve them from the heap (not mmap) and keep
// up to 1 MiB of freed heap, rather than a brk system call to give it back after every free.
void tune_malloc() {
    mallopt(M_MMAP_THRESHOLD, 512 * 1024);
    mallopt(M_TRIM_THRESHOLD, 1024 * 1024);
}

} // namespace

int main(int argc, char** argv) {
    options opts;
    if (!parse(argc, argv, opts)) {
        std::fputs(usage, stderr);
        return 2;
    }
    raise_file_limit();
    tune_malloc();
    const int signal_fd = signal_descriptor();
    if (signal_fd < 0) {
        std::perror("floor: signalfd");
        return 1;
    }
    const int listen_fd = listen_on(opts);
    if (listen_fd < 0) {
        return 1;
    }
    return tillit::floor::run_relay(listen_fd, signal_fd);
}
