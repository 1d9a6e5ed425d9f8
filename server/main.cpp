// tillit-server: parses the configuration and runs the server.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <sys/prctl.h>
#include <sys/resource.h>

#include "app/server.hpp"
#include "config/config.hpp"
#include "log/log.hpp"

namespace {

// A core dump, or a debugger attached by another user, could read keys, login values and
// tokens: neither, ever. Done first, before any secret exists. True when both took effect.
bool forbid_core_dumps()
{
    const rlimit no_core{0, 0};
    const bool limited = setrlimit(RLIMIT_CORE, &no_core) == 0;
    const bool undumpable = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0 && prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0;
    return limited && undumpable;
}

} // namespace

int main(int argc, char** argv)
{
    if (!forbid_core_dumps()) {
        std::cerr << "tillit-server: cannot turn core dumps off; not starting\n";
        return 1;
    }

    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto parsed = tillit::config::parse_command_line(args);
    if (!parsed) {
        std::cerr << "tillit-server: " << parsed.error().message << "\n";
        return 2;
    }
    if (parsed->help_requested) {
        std::cout << tillit::config::help_text();
        return 0;
    }
    tillit::log::info("core_dumps_off");
    return tillit::app::run_server(parsed->settings);
}
