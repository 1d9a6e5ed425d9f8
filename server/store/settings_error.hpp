// settings_error: how an operator's setting fails its checks: the settings error codes (a
// boost::system category), settings_error (the code with a message the operator can act on)
// and settings_result<T>, the boost::system::result every settings check and parse returns.
#pragma once

#include <string>
#include <type_traits>

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

namespace tillit::store {

enum class settings_errc {
    not_json = 1,     // the stored text is not JSON
    wrong_shape,      // JSON of another shape than the setting's format
    invalid_value,    // a value the checks refuse (times, ranges, zone, texts, numbers)
    missing,          // the setting is not in the store
};

[[nodiscard]] const boost::system::error_category& settings_category() noexcept;

} // namespace tillit::store

template <>
struct boost::system::is_error_code_enum<tillit::store::settings_errc> : std::true_type {};

namespace tillit::store {

[[nodiscard]] inline boost::system::error_code make_error_code(settings_errc e) noexcept
{
    return {static_cast<int>(e), settings_category()};
}

struct settings_error {
    settings_errc code;
    std::string message;  // e.g. "tue: 08:00-12:00 overlaps 10:00-14:00"
};

// result<T, settings_error>::value() on an error throws std::invalid_argument with the message.
[[noreturn]] void throw_exception_from_error(const settings_error& e, const boost::source_location& where);

template <class T>
using settings_result = boost::system::result<T, settings_error>;

} // namespace tillit::store
