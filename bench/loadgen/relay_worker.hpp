// The worker side of the relay scenarios (throughput and latency), run in a forked worker
// process: set up its chats when the conductor says so, then one run per "go START RATE".
#pragma once

#include "options.hpp"
#include "worker_pool.hpp"

namespace tillit::bench {

int relay_worker_body(const options& o, conductor_link& link, unsigned index, unsigned count);

// How long, after the CPU window, the conductor counts the server's system calls.
double relay_syscall_window_seconds(const options& o);

} // namespace tillit::bench
