// Pretty-printing of Boost.JSON values, so that committed vector files read and diff well.
#pragma once

#include <ostream>
#include <string>

#include <boost/json.hpp>

namespace tillit::test {

inline void print_pretty(std::ostream& out, const boost::json::value& v, int indent = 0)
{
    const std::string pad(static_cast<std::size_t>(indent) * 2, ' ');
    const std::string inner(static_cast<std::size_t>(indent + 1) * 2, ' ');
    if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.empty()) {
            out << "{}";
            return;
        }
        out << "{\n";
        bool first = true;
        for (const auto& [key, value] : o) {
            if (!first) out << ",\n";
            first = false;
            out << inner << boost::json::serialize(boost::json::string(key)) << ": ";
            print_pretty(out, value, indent + 1);
        }
        out << "\n" << pad << "}";
    } else if (v.is_array()) {
        const auto& a = v.get_array();
        if (a.empty()) {
            out << "[]";
            return;
        }
        out << "[\n";
        bool first = true;
        for (const auto& value : a) {
            if (!first) out << ",\n";
            first = false;
            out << inner;
            print_pretty(out, value, indent + 1);
        }
        out << "\n" << pad << "]";
    } else {
        out << boost::json::serialize(v);
    }
}

} // namespace tillit::test
