// log: one JSON line per event on standard error, with a level. Callers pass an event name and a
// few typed fields. An event repeated more than log-lines-per-event times a minute is summarised
// (repeat_limiter.hpp). By rule, never an IP address, a user agent, a token, a password, a login
// value, a pseudonym tried at a failed login, or message content (tests/integration/privacy_test
// searches the output for them).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <variant>

#include "config/config.hpp"

namespace tillit::log {

using level = config::log_level;

struct field {
    std::string_view key;
    std::variant<std::int64_t, std::string_view, bool> value;

    field(std::string_view k, std::string_view v) : key(k), value(v) {}
    field(std::string_view k, const char* v) : key(k), value(std::string_view(v)) {}
    field(std::string_view k, bool v) : key(k), value(v) {}
    template <class Int>
        requires std::is_integral_v<Int> && (!std::is_same_v<Int, bool>)
    field(std::string_view k, Int v) : key(k), value(static_cast<std::int64_t>(v))
    {
    }
};

// Lines below this level are dropped. Set once at start-up, before any thread logs.
void set_min_level(level min);

// Lines of one event name written per minute (log-lines-per-event); past it they are counted, and
// one line {"event":E,"suppressed":N,"window_seconds":60} follows once that minute has ended (on the
// next line logged after it, or at flush_repeats). Set at start-up, before any thread logs.
void set_lines_per_event(unsigned lines_per_minute);

// Writes the summaries still owed, also of minutes not yet over. At exit, after the last line.
void flush_repeats();

// Writes one line atomically (one write(2)), or counts it for a summary; safe from any thread.
void write(level lvl, std::string_view event, std::initializer_list<field> fields = {});

inline void debug(std::string_view event, std::initializer_list<field> fields = {}) { write(level::debug, event, fields); }
inline void info(std::string_view event, std::initializer_list<field> fields = {}) { write(level::info, event, fields); }
inline void warn(std::string_view event, std::initializer_list<field> fields = {}) { write(level::warn, event, fields); }
inline void error(std::string_view event, std::initializer_list<field> fields = {}) { write(level::error, event, fields); }

} // namespace tillit::log
