// tillit-server: parses the configuration and runs the server.
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "app/server.hpp"
#include "config/config.hpp"

int main(int argc, char** argv)
{
    // A core dump could hold keys and login values: none, ever.
    const rlimit no_core{0, 0};
    setrlimit(RLIMIT_CORE, &no_core);

    const std::vector<std::string> args(argv + 1, argv + argc);
    const auto parsed = tillit::config::parse_command_line(args);
    if (const auto* help = std::get_if<tillit::config::help_requested>(&parsed)) {
        std::cout << help->text;
        return 0;
    }
    if (const auto* error = std::get_if<tillit::config::config_error>(&parsed)) {
        std::cerr << "tillit-server: " << error->message << "\n";
        return 2;
    }
    return tillit::app::run_server(std::get<tillit::config::config>(parsed));
}
