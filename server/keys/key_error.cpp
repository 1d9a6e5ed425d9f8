// key_error: the keys module's error category (see key_error.hpp).
#include "keys/key_error.hpp"

namespace tillit::keys {
namespace {

class category final : public boost::system::error_category {
public:
    [[nodiscard]] const char* name() const noexcept override { return "tillit.keys"; }
    [[nodiscard]] std::string message(int value) const override
    {
        switch (static_cast<errc>(value)) {
        case errc::cannot_read: return "cannot read the file";
        case errc::too_large: return "the file is too large";
        case errc::already_exists: return "the file already exists";
        case errc::cannot_write: return "cannot write the file";
        case errc::readable_by_others: return "the secret key file is readable by others";
        case errc::not_a_root_key: return "the file does not hold a tillit root key";
        case errc::not_a_public_key: return "not a root public key (43 characters of URL-safe base64)";
        case errc::out_of_memory: return "out of memory";
        }
        return "unknown key file error";
    }
};

} // namespace

const boost::system::error_category& key_category() noexcept
{
    static const category instance;
    return instance;
}

} // namespace tillit::keys
