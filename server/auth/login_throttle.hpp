// login_throttle: counts failed logins per account name and locks a name out for a while after
// too many, doubling the lockout for each further failure. Unknown names are counted the same
// way, so the answers do not tell whether an account exists. In memory only; bounded in size.
// Thread-safe: one mutex guards the table (logins arrive on many connection strands).
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace tillit::auth {

class login_throttle {
public:
    using clock = std::chrono::steady_clock;

    login_throttle(unsigned max_failures, std::chrono::seconds first_lockout, std::size_t max_tracked_names = 10000);

    // How long the name is still locked at `now`, or nullopt when a login may be tried.
    [[nodiscard]] std::optional<std::chrono::seconds> locked_for(std::string_view name, clock::time_point now);

    void record_failure(std::string_view name, clock::time_point now);
    void record_success(std::string_view name);

private:
    struct entry {
        unsigned failures = 0;
        clock::time_point locked_until{};
        clock::time_point last_failure{};
    };
    void evict_one_locked(clock::time_point now);

    const unsigned max_failures_;
    const std::chrono::seconds first_lockout_;
    const std::size_t max_tracked_names_;
    std::mutex mutex_;
    std::unordered_map<std::string, entry> entries_;
};

} // namespace tillit::auth
