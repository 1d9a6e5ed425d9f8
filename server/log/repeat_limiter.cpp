// repeat_limiter: a fixed window per event name, and a summary for each window that left lines out.
#include "log/repeat_limiter.hpp"

#include <algorithm>

namespace tillit::log {

bool repeat_limiter::admit(std::string_view event, config::log_level level, clock::time_point now)
{
    auto it = events_.find(event);
    if (it == events_.end()) it = events_.emplace(std::string(event), window_state{now}).first;
    auto& state = it->second;
    // A window that ended with nothing left out needs no summary: the event simply starts anew.
    if (now - state.start >= window_ && state.suppressed == 0) state = window_state{now};
    if (state.suppressed == 0 && state.written < limit_) {
        ++state.written;
        return true;
    }
    // A window that ended with lines left out is summarised by ended() before a new one begins;
    // until then (the caller sweeps first) this line is counted with it.
    ++state.suppressed;
    state.level = std::max(state.level, level);
    next_end_ = std::min(next_end_, state.start + window_);
    return false;
}

std::vector<repeat_limiter::summary> repeat_limiter::ended(clock::time_point now)
{
    std::vector<summary> out;
    if (now < next_end_) return out;
    next_end_ = clock::time_point::max();
    for (auto& [event, state] : events_) {
        if (state.suppressed == 0) continue;
        if (now - state.start >= window_) {
            out.push_back({event, state.level, state.suppressed, window_});
            state = window_state{now};
        } else {
            next_end_ = std::min(next_end_, state.start + window_);
        }
    }
    return out;
}

std::vector<repeat_limiter::summary> repeat_limiter::flush()
{
    std::vector<summary> out;
    for (auto& [event, state] : events_) {
        if (state.suppressed == 0) continue;
        out.push_back({event, state.level, state.suppressed, window_});
        state.suppressed = 0;
    }
    next_end_ = clock::time_point::max();
    return out;
}

} // namespace tillit::log
