// config_error: how reading the server's configuration fails: the config module's error codes
// (a boost::system category) and config_error, the code with the operator's message naming the
// bad flag, file line or value. Returned in a boost::system::result, never thrown by the parser.
#pragma once

#include <string>
#include <type_traits>

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>

namespace tillit::config {

enum class errc {
    unknown_option = 1,   // a flag or file key that names no option
    missing_value,        // a flag at the end with no value
    bad_value,            // a value outside what the option accepts
    unexpected_argument,  // a word that is not a flag
    bad_line,             // a file line that is not 'option = value'
    unreadable_file,      // the --config file cannot be read
    inconsistent,         // options that contradict each other (half a TLS set-up)
};

[[nodiscard]] const boost::system::error_category& config_category() noexcept;

} // namespace tillit::config

template <>
struct boost::system::is_error_code_enum<tillit::config::errc> : std::true_type {};

namespace tillit::config {

[[nodiscard]] inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), config_category()};
}

struct config_error {
    errc code;
    std::string message;  // what tillit-server prints after "tillit-server: "
};

// result<T, config_error>::value() on an error throws std::invalid_argument with the message.
[[noreturn]] void throw_exception_from_error(const config_error& e, const boost::source_location& where);

} // namespace tillit::config
