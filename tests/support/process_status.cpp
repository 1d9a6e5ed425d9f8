// process_status: reading /proc/<pid>/ files.
#include "support/process_status.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tillit::test {

std::string proc_text(pid_t pid, const std::string& file)
{
    std::ifstream in("/proc/" + std::to_string(pid) + "/" + file);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::size_t resident_kib(pid_t pid)
{
    std::istringstream status(proc_text(pid, "status"));
    for (std::string line; std::getline(status, line);)
        if (line.starts_with("VmRSS:")) return std::stoul(line.substr(6));  // "VmRSS:    1234 kB"
    throw std::runtime_error("no VmRSS for process " + std::to_string(pid));
}

} // namespace tillit::test
