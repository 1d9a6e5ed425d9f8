// server_secret: loading and creating the data folder's secret file.
#include "auth/server_secret.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include "tillit/crypto/sodium_init.hpp"

namespace tillit::auth {

namespace {

constexpr std::size_t secret_bytes = 32;

std::runtime_error file_error(const std::string& what, const std::filesystem::path& path)
{
    return std::runtime_error(what + " " + path.string() + ": " + std::strerror(errno));
}

} // namespace

server_secret server_secret::load_or_create(const std::filesystem::path& data_dir)
{
    crypto::ensure_sodium();
    const auto path = data_dir / "server-secret";
    crypto::secure_buffer key(secret_bytes);

    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT) {
        // O_EXCL: if another process created it meanwhile, read theirs instead.
        fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            randombytes_buf(key.data(), key.size());
            const bool written = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
            ::close(fd);
            if (!written) throw file_error("cannot write", path);
            return server_secret(std::move(key));
        }
        if (errno != EEXIST) throw file_error("cannot create", path);
        fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    }
    if (fd < 0) throw file_error("cannot open", path);
    const auto got = ::read(fd, key.data(), key.size());
    ::close(fd);
    if (got != static_cast<ssize_t>(key.size())) throw std::runtime_error(path.string() + " is not a 32-byte secret");
    return server_secret(std::move(key));
}

std::vector<unsigned char> server_secret::keyed_hash(std::string_view domain, std::string_view message,
                                                     std::size_t length) const
{
    std::vector<unsigned char> out(length);
    crypto_generichash_state state;
    crypto_generichash_init(&state, key_.data(), key_.size(), length);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(domain.data()), domain.size());
    const unsigned char separator = 0;
    crypto_generichash_update(&state, &separator, 1);
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    crypto_generichash_final(&state, out.data(), out.size());
    sodium_memzero(&state, sizeof state);
    return out;
}

} // namespace tillit::auth
