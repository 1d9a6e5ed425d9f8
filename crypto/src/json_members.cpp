// A small strict scanner for the top-level members of a JSON object (see json_members.hpp).
#include "json_members.hpp"

#include <cstddef>

namespace tillit::crypto::json_members {

namespace {

constexpr int max_depth = 32;

class scanner {
public:
    explicit scanner(std::string_view text) : text_(text) {}

    void skip_space()
    {
        while (at_ < text_.size() && (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r')) ++at_;
    }
    bool eat(char c)
    {
        skip_space();
        if (at_ < text_.size() && text_[at_] == c) {
            ++at_;
            return true;
        }
        return false;
    }
    [[nodiscard]] bool at_end() const { return at_ == text_.size(); }
    [[nodiscard]] char peek() const { return at_ < text_.size() ? text_[at_] : '\0'; }

    // A string at the cursor: its raw bytes. Control characters are not allowed inside.
    std::optional<member> string()
    {
        if (!eat('"')) return std::nullopt;
        const std::size_t start = at_;
        bool escapes = false;
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c == '"') {
                member m{member_kind::string, text_.substr(start, at_ - start), escapes};
                ++at_;
                return m;
            }
            if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
            if (c == '\\') {
                escapes = true;
                ++at_;
                if (at_ >= text_.size()) return std::nullopt;
            }
            ++at_;
        }
        return std::nullopt;
    }

    // Any value; true when it is well-formed enough to skip.
    bool value(int depth)
    {
        skip_space();
        if (depth > max_depth) return false;
        const char c = peek();
        if (c == '"') return string().has_value();
        if (c == '{') return object(depth + 1, {}, nullptr);
        if (c == '[') {
            ++at_;
            if (eat(']')) return true;
            do {
                if (!value(depth + 1)) return false;
            } while (eat(','));
            return eat(']');
        }
        // A number or a literal: a run of the characters these may hold.
        const std::size_t start = at_;
        while (at_ < text_.size() && std::string_view("0123456789+-.eEtruefalsn").find(text_[at_]) != std::string_view::npos) ++at_;
        const auto word = text_.substr(start, at_ - start);
        if (word.empty()) return false;
        if (word == "true" || word == "false" || word == "null") return true;
        return word.find_first_not_of("0123456789+-.eE") == std::string_view::npos;
    }

    // An object; at depth 1 remembers the last member called `name` in *found.
    bool object(int depth, std::string_view name, member* found)
    {
        if (!eat('{')) return false;
        if (eat('}')) return true;
        do {
            const auto key = string();
            if (!key || !eat(':')) return false;
            skip_space();
            if (found != nullptr && !key->has_escapes && key->raw == name) {
                if (peek() == '"') {
                    const auto v = string();
                    if (!v) return false;
                    *found = *v;
                    continue;
                }
                *found = member{member_kind::other, {}, false};
            }
            if (!value(depth)) return false;
        } while (eat(','));
        return eat('}');
    }

private:
    std::string_view text_;
    std::size_t at_ = 0;
};

} // namespace

std::optional<member> find(std::string_view text, std::string_view name)
{
    scanner s(text);
    member found;
    if (!s.object(1, name, &found)) return std::nullopt;
    s.skip_space();
    if (!s.at_end()) return std::nullopt;
    return found;
}

} // namespace tillit::crypto::json_members
