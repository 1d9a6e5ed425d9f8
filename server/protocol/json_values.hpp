// json_values: small pieces of building outgoing JSON that events and replies share.
#pragma once

#include <optional>

#include <boost/json/value.hpp>

namespace tillit::protocol {

// The value, or JSON null when there is none (the protocol's "absent" for optional fields).
template <class T>
boost::json::value or_null(const std::optional<T>& v)
{
    return v ? boost::json::value(*v) : boost::json::value(nullptr);
}

} // namespace tillit::protocol
