// small_file: reading a small file whole and writing a new one safely, for key files,
// certificates and the JSON files carried to and from an offline signing machine.
// Both throw key_file_error (key_error.hpp) with a message naming the file. Any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace tillit::keys {

// Files larger than this are refused (errc::too_large): no key or certificate file comes close.
inline constexpr std::size_t max_small_file_bytes = 4 * 1024 * 1024;

// The whole file. Throws key_file_error (cannot_read, too_large).
[[nodiscard]] std::string read_small_file(const std::filesystem::path& path);

// Creates `path` with `mode` and writes `text`, synced. Never replaces a file (O_EXCL) nor
// follows a symlink. Throws key_file_error (already_exists, cannot_write).
void write_new_file(const std::filesystem::path& path, std::string_view text, mode_t mode);

} // namespace tillit::keys
