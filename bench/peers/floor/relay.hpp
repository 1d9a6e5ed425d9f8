// relay: the floor's single epoll loop: accepts, pairs connections by hello key, forwards frames.
#pragma once

namespace tillit::floor {

// Serves the non-blocking listening socket until signal_fd (a signalfd for SIGTERM and SIGINT)
// becomes readable. Returns the process's exit status.
[[nodiscard]] int run_relay(int listen_fd, int signal_fd);

} // namespace tillit::floor
