// static_files: maps a request target to a file of the built web client, refusing anything that
// would leave the web root (dot segments, encoded slashes or NULs, symlinks pointing out).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace tillit::net {

struct file_lookup {
    enum class outcome { found, redirect, bad_request, not_found };
    outcome result = outcome::not_found;
    std::filesystem::path file;  // when found
    std::string location;        // when redirect: the folder's path, one leading slash, a trailing one
    std::string_view mime_type;  // when found
};

class static_files {
public:
    // Throws std::filesystem::filesystem_error if the web root does not exist.
    explicit static_files(const std::filesystem::path& web_root);

    // Thread-safe (reads only). `target` is the raw request target, query included.
    [[nodiscard]] file_lookup resolve(std::string_view target) const;

    [[nodiscard]] const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;  // canonical
};

// The Content-Type for a file name, by extension; "application/octet-stream" when unknown.
[[nodiscard]] std::string_view mime_type_for(const std::filesystem::path& file);

} // namespace tillit::net
