// config_error: the config module's error category (see config_error.hpp).
#include "config/config_error.hpp"

#include <stdexcept>

#include <boost/throw_exception.hpp>

namespace tillit::config {
namespace {

class category final : public boost::system::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "tillit.config"; }
    [[nodiscard]] std::string message(int value) const override
    {
        switch (static_cast<errc>(value)) {
        case errc::unknown_option: return "unknown option";
        case errc::missing_value: return "an option needs a value";
        case errc::bad_value: return "bad value";
        case errc::unexpected_argument: return "unexpected argument";
        case errc::bad_line: return "expected 'option = value'";
        case errc::unreadable_file: return "cannot read the configuration file";
        case errc::inconsistent: return "options contradict each other";
        }
        return "unknown configuration error";
    }
};

} // namespace

const boost::system::error_category& config_category() noexcept
{
    static const category instance;
    return instance;
}

void throw_exception_from_error(const config_error& e, const boost::source_location& where)
{
    boost::throw_exception(std::invalid_argument(e.message), where);
}

} // namespace tillit::config
