// repeat_limiter: which log lines of a repeated event are written. Per event name, at most
// `lines_per_window` lines in a window (a minute, from the event's first line in it); the rest
// are only counted, and when the window has ended, one summary says how many were left out. So a
// client that makes the server log the same thing 500 times a second costs a few lines a minute.
// Pure: time is passed in. Not thread-safe: log.cpp guards its one instance with a mutex.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace tillit::log {

class repeat_limiter {
public:
    using clock = std::chrono::steady_clock;

    // Lines of one event left out of a window that has ended (or, from flush, not yet ended).
    struct summary {
        std::string event;
        config::log_level level;      // the highest level among them
        std::uint64_t suppressed;
        clock::duration window;
    };

    repeat_limiter(unsigned lines_per_window, clock::duration window) : limit_(lines_per_window), window_(window) {}

    // Whether a line of `event` at `now` is written; false: it is counted for its summary.
    bool admit(std::string_view event, config::log_level level, clock::time_point now);

    // The summaries of windows that ended by `now`, each once, oldest event name first. Cheap
    // when none has ended (one comparison).
    std::vector<summary> ended(clock::time_point now);

    // Every summary still owed, ended or not (at shutdown).
    std::vector<summary> flush();

    void set_lines_per_window(unsigned lines) { limit_ = lines; }

private:
    struct window_state {
        clock::time_point start;
        unsigned written = 0;
        std::uint64_t suppressed = 0;
        config::log_level level = config::log_level::debug;
    };

    unsigned limit_;
    clock::duration window_;
    // Event names are the code's own literals: a small, fixed set.
    std::map<std::string, window_state, std::less<>> events_;
    clock::time_point next_end_ = clock::time_point::max();  // the earliest window with lines left out ends
};

} // namespace tillit::log
