// settings_error: the settings error category (see settings_error.hpp).
#include "store/settings_error.hpp"

#include <stdexcept>

#include <boost/throw_exception.hpp>

namespace tillit::store {
namespace {

class category final : public boost::system::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "tillit.settings"; }
    [[nodiscard]] std::string message(int value) const override
    {
        switch (static_cast<settings_errc>(value)) {
        case settings_errc::not_json: return "not valid JSON";
        case settings_errc::wrong_shape: return "not in the setting's JSON format";
        case settings_errc::invalid_value: return "invalid value";
        case settings_errc::missing: return "setting is missing";
        }
        return "unknown settings error";
    }
};

} // namespace

const boost::system::error_category& settings_category() noexcept
{
    static const category instance;
    return instance;
}

void throw_exception_from_error(const settings_error& e, const boost::source_location& where)
{
    boost::throw_exception(std::invalid_argument(e.message), where);
}

} // namespace tillit::store
