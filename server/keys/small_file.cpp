// small_file: whole-file reads with a size bound, and O_EXCL writes (see small_file.hpp).
#include "keys/small_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "keys/key_error.hpp"

namespace tillit::keys {

std::string read_small_file(const std::filesystem::path& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) throw key_file_error{errc::cannot_read, "cannot read " + path.string()};
    std::string text;
    text.resize(max_small_file_bytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > max_small_file_bytes) throw key_file_error{errc::too_large, path.string() + " is too large"};
    return text;
}

void write_new_file(const std::filesystem::path& path, std::string_view text, mode_t mode)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0) {
        const int e = errno;
        if (e == EEXIST) throw key_file_error{errc::already_exists, path.string() + " already exists; refusing to overwrite it"};
        throw key_file_error{errc::cannot_write, "cannot create " + path.string() + ": " + std::strerror(e)};
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            ::close(fd);
            throw key_file_error{errc::cannot_write, "cannot write " + path.string()};
        }
        done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    if (::close(fd) != 0 || !synced) throw key_file_error{errc::cannot_write, "cannot write " + path.string()};
}

} // namespace tillit::keys
