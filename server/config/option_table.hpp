// option_table: every option of tillit-server once: its name (the flag --NAME and the file key
// NAME), its meaning, how a value is checked and stored, and how --help shows its default.
// config.cpp drives Program_options, the file parser and --help from it.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace tillit::config {

struct option {
    std::string_view name;
    std::string_view description;
    // Stores a valid value; otherwise returns what the option expects ("expects ...").
    std::function<std::optional<std::string>(config&, std::string_view)> set;
    std::function<std::string(const config&)> show;
};

[[nodiscard]] const std::vector<option>& options();
[[nodiscard]] const option* find_option(std::string_view name);

} // namespace tillit::config
