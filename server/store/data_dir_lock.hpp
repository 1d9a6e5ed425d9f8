// data_dir_lock: an exclusive advisory lock (flock) on DATA_DIR/tillit.lock, held by tillit-server
// for its whole life and by `tillit-admin restore` while it replaces the database, so that a
// restore never runs under a live server and two servers never share one data folder. The
// kernel drops the lock when its holder exits, also after a crash: no stale lock to clean up.
#pragma once

#include <filesystem>
#include <optional>

namespace tillit::store {

class data_dir_lock {
public:
    // Takes the lock without waiting; nullopt when another process holds it. Creates the lock
    // file (mode 0600) if needed. Throws store_error when the file cannot be opened.
    [[nodiscard]] static std::optional<data_dir_lock> try_acquire(const std::filesystem::path& data_dir);

    data_dir_lock(data_dir_lock&& other) noexcept;
    data_dir_lock& operator=(data_dir_lock&&) = delete;
    data_dir_lock(const data_dir_lock&) = delete;
    data_dir_lock& operator=(const data_dir_lock&) = delete;
    ~data_dir_lock();  // releases the lock

private:
    explicit data_dir_lock(int fd) : fd_(fd) {}
    int fd_;
};

} // namespace tillit::store
