// static_files: safe path resolution and MIME types.
#include "net/static_files.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>

namespace tillit::net {

namespace fs = std::filesystem;

namespace {

std::optional<std::string> percent_decode(std::string_view in)
{
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '%') {
            out += in[i];
            continue;
        }
        if (i + 2 >= in.size()) return std::nullopt;
        const int high = hex(in[i + 1]);
        const int low = hex(in[i + 2]);
        if (high < 0 || low < 0) return std::nullopt;
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

// A path of our own for a Location header: "/" and the segments, each byte that is not plainly
// safe in a path percent-encoded, so that nothing in a folder's name can change its meaning.
std::string location_of(const fs::path& relative)
{
    constexpr std::string_view safe = "-._~!$&'()*+,;=:@/";
    constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "/";
    for (const char c : relative.generic_string()) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) != 0 || safe.find(c) != std::string_view::npos) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        }
    }
    return out + "/";
}

file_lookup refused(file_lookup::outcome why)
{
    file_lookup lookup;
    lookup.result = why;
    return lookup;
}

bool is_within(const fs::path& root, const fs::path& candidate)
{
    const auto [root_end, unused] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    return root_end == root.end();
}

} // namespace

static_files::static_files(const fs::path& web_root) : root_(fs::canonical(web_root)) {}

file_lookup static_files::resolve(std::string_view target) const
{
    if (const auto query = target.find_first_of("?#"); query != std::string_view::npos) target = target.substr(0, query);
    if (!target.starts_with('/')) return refused(file_lookup::outcome::bad_request);
    const auto decoded = percent_decode(target);
    if (!decoded) return refused(file_lookup::outcome::bad_request);
    const std::string_view path = *decoded;
    // An encoded NUL or backslash has no business in a URL path of ours.
    if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos)
        return refused(file_lookup::outcome::bad_request);

    fs::path relative;
    std::string_view rest = path.substr(1);
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const auto segment = rest.substr(0, slash);
        if (segment == "." || segment == "..") return refused(file_lookup::outcome::bad_request);
        if (!segment.empty()) relative /= std::string(segment);
        rest.remove_prefix(slash == std::string_view::npos ? rest.size() : slash + 1);
    }

    fs::path file = root_ / relative;
    std::error_code ec;
    if (fs::is_directory(file, ec)) {
        // Built from the segments, not the request: "//counsellor" must not become "Location:
        // //counsellor/", which a browser reads as another host.
        if (!path.ends_with('/')) return {file_lookup::outcome::redirect, {}, location_of(relative), {}};
        file /= "index.html";
    }
    // A symlink inside the web root must not lead out of it.
    const auto canonical = fs::canonical(file, ec);
    if (ec || !fs::is_regular_file(canonical, ec)) return refused(file_lookup::outcome::not_found);
    if (!is_within(root_, canonical)) return refused(file_lookup::outcome::not_found);
    return {file_lookup::outcome::found, canonical, {}, mime_type_for(canonical)};
}

std::string_view mime_type_for(const fs::path& file)
{
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> types{{
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".mjs", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".wasm", "application/wasm"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},
        {".webmanifest", "application/manifest+json"},
        {".map", "application/json"},
        {".csv", "text/csv; charset=utf-8"},
    }};
    const auto extension = file.extension().string();
    for (const auto& [ext, type] : types)
        if (ext == extension) return type;
    return "application/octet-stream";
}

} // namespace tillit::net
