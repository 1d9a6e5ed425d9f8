// What the generator reads about the server process and the kernel while it runs: CPU time of
// all the server's threads, its resident memory, the kernel's socket and slab memory, and (with
// perf) the system calls the server makes. Linux /proc only; nothing here needs privileges but perf.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <sys/types.h>

namespace tillit::bench {

// Run time of every thread of `pid` in ns (/proc/PID/task/*/schedstat), or 0 when unreadable.
std::uint64_t server_cpu_ns(pid_t pid);
// VmRSS of `pid` in bytes, or 0 when unreadable.
std::uint64_t server_rss_bytes(pid_t pid);

struct kernel_memory {
    std::uint64_t slab_bytes = 0;          // /proc/meminfo Slab
    std::uint64_t tcp_buffer_bytes = 0;    // /proc/net/sockstat TCP mem (pages)
};
kernel_memory read_kernel_memory();

// perf stat -e raw_syscalls:sys_enter -p PID, from start() to stop().
class syscall_counter {
public:
    explicit syscall_counter(pid_t pid);
    ~syscall_counter();
    syscall_counter(const syscall_counter&) = delete;
    syscall_counter& operator=(const syscall_counter&) = delete;

    // Returns the count, or nullopt when perf could not count (not installed, not allowed).
    std::optional<std::uint64_t> stop();

private:
    pid_t perf_ = -1;
    std::string output_file_;
};

} // namespace tillit::bench
