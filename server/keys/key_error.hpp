// key_error: how reading and writing key files fails: the keys module's error codes (a
// boost::system category) and key_file_error, the exception that carries one with a message
// naming the file. Thrown for failures of the machine and for files that are not what they claim.
#pragma once

#include <stdexcept>
#include <string>
#include <type_traits>

#include <boost/system/error_code.hpp>

namespace tillit::keys {

enum class errc {
    cannot_read = 1,     // the file is missing or unreadable
    too_large,           // more bytes than any key file holds
    already_exists,      // a new file would replace an existing one
    cannot_write,        // creating, writing or syncing failed
    readable_by_others,  // a secret key file with group or other permissions
    not_a_root_key,      // the file does not hold a root key's seed
    not_a_public_key,    // text that is not a public key in URL-safe base64
    out_of_memory,       // secure memory for a key could not be had
};

[[nodiscard]] const boost::system::error_category& key_category() noexcept;

} // namespace tillit::keys

template <>
struct boost::system::is_error_code_enum<tillit::keys::errc> : std::true_type {};

namespace tillit::keys {

[[nodiscard]] inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), key_category()};
}

// A key file could not be read or written; what() is the operator's message, naming the file.
class key_file_error : public std::runtime_error {
public:
    key_file_error(errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
    [[nodiscard]] boost::system::error_code code() const noexcept { return code_; }

private:
    errc code_;
};

} // namespace tillit::keys
