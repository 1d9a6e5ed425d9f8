// empty_adjacent: "--name=" as two words "--name" "", because Boost.Program_options refuses an
// empty value after '=' while Tillit's command lines accept one (it means "none"). Used before
// every Program_options parse of the server's and tillit-admin's command lines.
#pragma once

#include <string>
#include <vector>

namespace tillit::config {

template <class Range>
[[nodiscard]] std::vector<std::string> split_empty_adjacent(const Range& args)
{
    std::vector<std::string> out;
    for (const std::string& arg : args) {
        if (arg.starts_with("--") && arg.size() > 3 && arg.find('=') == arg.size() - 1) {
            out.push_back(arg.substr(0, arg.size() - 1));
            out.emplace_back();
        } else {
            out.push_back(arg);
        }
    }
    return out;
}

} // namespace tillit::config
