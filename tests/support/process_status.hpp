// process_status: what /proc says about a running process (the server under test): its resident
// memory and its resource limits.
#pragma once

#include <cstddef>
#include <string>

#include <sys/types.h>

namespace tillit::test {

// VmRSS of process `pid` in KiB. Throws std::runtime_error when /proc/<pid>/status cannot be read.
std::size_t resident_kib(pid_t pid);

// The text of /proc/<pid>/<file> ("limits", "status", …); empty when it cannot be read.
std::string proc_text(pid_t pid, const std::string& file);

} // namespace tillit::test
