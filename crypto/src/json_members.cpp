// A small strict scanner for the top-level members of a JSON object (see json_members.hpp).
#include "json_members.hpp"

#include <cstddef>
#include <string>

namespace tillit::crypto::json_members {

namespace {

constexpr int max_depth = 64;  // JSON.parse has no such limit; no letter body needs it

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

    // A string at the cursor, decoded while it is all ASCII (the names and values looked for are).
    // Control characters are not allowed inside, as in JSON.
    std::optional<member> string()
    {
        if (!eat('"')) return std::nullopt;
        member m{member_kind::string, std::string()};
        const auto add = [&m](unsigned code) {
            if (!m.ascii) return;
            if (code < 0x80) m.ascii->push_back(static_cast<char>(code));
            else m.ascii.reset();
        };
        while (at_ < text_.size()) {
            const char c = text_[at_];
            if (c == '"') {
                ++at_;
                return m;
            }
            if (static_cast<unsigned char>(c) < 0x20) return std::nullopt;
            if (c == '\\') {
                const auto code = escape();
                if (!code) return std::nullopt;
                add(*code);
                continue;
            }
            add(static_cast<unsigned char>(c));
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
        for (const std::string_view literal : {"true", "false", "null"}) {
            if (text_.substr(at_, literal.size()) == literal) {
                at_ += literal.size();
                return true;
            }
        }
        return number();
    }

    // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, as JSON.parse takes it.
    bool number()
    {
        const auto digits = [this] {
            const std::size_t start = at_;
            while (at_ < text_.size() && text_[at_] >= '0' && text_[at_] <= '9') ++at_;
            return at_ - start;
        };
        if (peek() == '-') ++at_;
        if (peek() == '0') {
            ++at_;
        } else if (digits() == 0) {
            return false;
        }
        if (peek() == '.') {
            ++at_;
            if (digits() == 0) return false;
        }
        if (peek() == 'e' || peek() == 'E') {
            ++at_;
            if (peek() == '+' || peek() == '-') ++at_;
            if (digits() == 0) return false;
        }
        return true;
    }

    // One escape at the cursor (a backslash): \" \\ \/ \b \f \n \r \t or \u and 4 hex digits; the
    // code unit it stands for, or nullopt when it is not one of these.
    std::optional<unsigned> escape()
    {
        ++at_;
        if (at_ >= text_.size()) return std::nullopt;
        const char c = text_[at_++];
        constexpr std::string_view simple = "\"\\/bfnrt";
        constexpr std::string_view meaning = "\"\\/\b\f\n\r\t";
        if (const auto i = simple.find(c); i != std::string_view::npos) return static_cast<unsigned char>(meaning[i]);
        if (c != 'u' || at_ + 4 > text_.size()) return std::nullopt;
        unsigned code = 0;
        for (int i = 0; i < 4; ++i, ++at_) {
            const char h = text_[at_];
            const bool decimal = h >= '0' && h <= '9';
            const bool lower = h >= 'a' && h <= 'f';
            const bool upper = h >= 'A' && h <= 'F';
            if (!decimal && !lower && !upper) return std::nullopt;
            code = code * 16 + static_cast<unsigned>(decimal ? h - '0' : lower ? h - 'a' + 10 : h - 'A' + 10);
        }
        return code;
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
            if (found != nullptr && key->ascii == name) {
                if (peek() == '"') {
                    auto v = string();
                    if (!v) return false;
                    *found = std::move(*v);
                    continue;
                }
                *found = member{member_kind::other, std::nullopt};
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

bool is_utf8(std::string_view text) noexcept
{
    // Strict, as TextDecoder's fatal mode: no overlong forms, no surrogates, nothing above U+10FFFF.
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        std::size_t more = 0;  // continuation bytes
        unsigned lo = 0x80;    // allowed range of the first continuation byte
        unsigned hi = 0xbf;
        if (b < 0x80) {
            ++i;
            continue;
        }
        if (b >= 0xc2 && b <= 0xdf) {
            more = 1;
        } else if (b >= 0xe0 && b <= 0xef) {
            more = 2;
            if (b == 0xe0) lo = 0xa0;  // not overlong
            if (b == 0xed) hi = 0x9f;  // not a surrogate
        } else if (b >= 0xf0 && b <= 0xf4) {
            more = 3;
            if (b == 0xf0) lo = 0x90;  // not overlong
            if (b == 0xf4) hi = 0x8f;  // not above U+10FFFF
        } else {
            return false;
        }
        if (i + more >= text.size()) return false;
        for (std::size_t k = 1; k <= more; ++k) {
            const auto c = static_cast<unsigned char>(text[i + k]);
            if (c < (k == 1 ? lo : 0x80) || c > (k == 1 ? hi : 0xbf)) return false;
        }
        i += more + 1;
    }
    return true;
}

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
