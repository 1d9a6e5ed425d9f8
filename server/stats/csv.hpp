// csv: writing CSV as RFC 4180 describes it: fields separated by commas, records ended by CRLF,
// and a field that holds a comma, a double quote, CR or LF enclosed in double quotes with each
// double quote doubled. Pure functions: any thread.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace tillit::stats {

// The field as it goes into a record: quoted only when it has to be.
[[nodiscard]] std::string csv_field(std::string_view text);

// Appends one record (its fields, quoted as needed, then CRLF) to `out`.
void append_csv_record(std::string& out, std::initializer_list<std::string_view> fields);

} // namespace tillit::stats
