// tillit-admin: the operator's command line; all the work is in admin_commands.cpp.
#include <iostream>

#include "admin/admin_commands.hpp"

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    return tillit::admin::run_admin(std::move(args), std::cin, std::cout, std::cerr);
}
