// Reading /proc, and running perf for the system-call tracepoint.
#include "server_probe.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace tillit::bench {
namespace {

std::uint64_t field_after(const std::string& path, const std::string& label, std::uint64_t unit) {
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(label, 0) != 0) continue;
        std::istringstream values(line.substr(label.size()));
        std::uint64_t value = 0;
        values >> value;
        return value * unit;
    }
    return 0;
}

} // namespace

std::uint64_t server_cpu_ns(pid_t pid) {
    std::uint64_t total = 0;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task", ec)) {
        std::ifstream in(task.path() / "schedstat");
        std::uint64_t run_ns = 0;
        if (in >> run_ns) total += run_ns;
    }
    return total;
}

std::uint64_t server_rss_bytes(pid_t pid) {
    return field_after("/proc/" + std::to_string(pid) + "/status", "VmRSS:", 1024);
}

kernel_memory read_kernel_memory() {
    kernel_memory k;
    k.slab_bytes = field_after("/proc/meminfo", "Slab:", 1024);
    // "TCP: inuse 5 orphan 0 tw 0 alloc 7 mem 1": mem is in pages.
    std::ifstream in("/proc/net/sockstat");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("TCP:", 0) != 0) continue;
        const auto at = line.find(" mem ");
        if (at != std::string::npos)
            k.tcp_buffer_bytes = std::stoull(line.substr(at + 5)) * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
    }
    return k;
}

syscall_counter::syscall_counter(pid_t pid) {
    output_file_ = "/tmp/tillit-loadgen-perf-" + std::to_string(::getpid()) + ".csv";
    const std::string pid_text = std::to_string(pid);
    const char* argv[] = {"perf", "stat", "-e", "raw_syscalls:sys_enter", "-x", ",", "-o", output_file_.c_str(),
                          "-p", pid_text.c_str(), nullptr};
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    if (::posix_spawnp(&perf_, "perf", &actions, nullptr, const_cast<char**>(argv), environ) != 0) perf_ = -1;
    posix_spawn_file_actions_destroy(&actions);
    // perf needs a moment to attach; counting a little less of the window is harmless, the
    // caller divides by the frames of the same window only approximately anyway.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
}

syscall_counter::~syscall_counter() {
    if (perf_ > 0) (void)stop();
}

std::optional<std::uint64_t> syscall_counter::stop() {
    if (perf_ <= 0) return std::nullopt;
    ::kill(perf_, SIGINT);
    int status = 0;
    ::waitpid(perf_, &status, 0);
    perf_ = -1;
    std::ifstream in(output_file_);
    std::string line;
    std::optional<std::uint64_t> count;
    while (std::getline(in, line)) {
        if (line.find("raw_syscalls:sys_enter") == std::string::npos) continue;
        try {
            count = std::stoull(line.substr(0, line.find(',')));
        } catch (const std::exception&) {
            count = std::nullopt;  // "<not counted>" or "<not supported>"
        }
    }
    std::filesystem::remove(output_file_);
    return count;
}

} // namespace tillit::bench
