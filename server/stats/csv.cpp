// csv: RFC 4180 quoting.
#include "stats/csv.hpp"

namespace tillit::stats {

std::string csv_field(std::string_view text)
{
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

void append_csv_record(std::string& out, std::initializer_list<std::string_view> fields)
{
    bool first = true;
    for (const auto field : fields) {
        if (!first) out += ',';
        first = false;
        out += csv_field(field);
    }
    out += "\r\n";
}

} // namespace tillit::stats
