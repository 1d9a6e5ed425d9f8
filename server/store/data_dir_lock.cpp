// data_dir_lock: flock(2) on a file beside the database.
#include "store/data_dir_lock.hpp"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "store/store.hpp"

namespace tillit::store {

std::optional<data_dir_lock> data_dir_lock::try_acquire(const std::filesystem::path& data_dir)
{
    const auto path = data_dir / "tillit.lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) throw store_error("cannot open the lock file " + path.string() + ": " + std::strerror(errno));
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        const int error = errno;
        ::close(fd);
        if (error == EWOULDBLOCK) return std::nullopt;
        throw store_error("cannot lock " + path.string() + ": " + std::strerror(error));
    }
    return data_dir_lock(fd);
}

data_dir_lock::data_dir_lock(data_dir_lock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}

data_dir_lock::~data_dir_lock()
{
    if (fd_ >= 0) ::close(fd_);  // closing the only descriptor releases the flock
}

} // namespace tillit::store
