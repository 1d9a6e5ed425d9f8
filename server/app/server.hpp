// server: builds Tillit's parts from a configuration (database, login, web root, listener), runs
// them on a pool of worker threads, and shuts down gracefully on SIGINT or SIGTERM: stop
// accepting, close WebSockets with 1001 going-away, write the database's log back, exit.
#pragma once

#include "config/config.hpp"

namespace tillit::app {

// Returns the process exit code: 0 after a graceful shutdown, 1 when start-up failed (the reason
// is logged). Blocks the calling thread, which becomes one of the workers.
int run_server(const config::config& cfg);

} // namespace tillit::app
