// secure_buffer: a fixed-size byte buffer for secrets, in sodium_malloc'd memory (guard pages,
// mlock'd, excluded from core dumps) and wiped by sodium_free when released.
#pragma once

#include <cstddef>
#include <new>
#include <span>
#include <utility>

#include <sodium.h>

namespace tillit::crypto {

class secure_buffer {
public:
    // Throws std::bad_alloc when sodium_malloc fails (e.g. the mlock limit is reached).
    explicit secure_buffer(std::size_t size) : size_(size), data_(static_cast<unsigned char*>(sodium_malloc(size ? size : 1)))
    {
        if (data_ == nullptr) throw std::bad_alloc();
    }
    secure_buffer(secure_buffer&& other) noexcept : size_(std::exchange(other.size_, 0)), data_(std::exchange(other.data_, nullptr)) {}
    secure_buffer& operator=(secure_buffer&& other) noexcept
    {
        if (this != &other) {
            sodium_free(data_);
            size_ = std::exchange(other.size_, 0);
            data_ = std::exchange(other.data_, nullptr);
        }
        return *this;
    }
    secure_buffer(const secure_buffer&) = delete;
    secure_buffer& operator=(const secure_buffer&) = delete;
    ~secure_buffer() { sodium_free(data_); }

    [[nodiscard]] unsigned char* data() noexcept { return data_; }
    [[nodiscard]] const unsigned char* data() const noexcept { return data_; }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    [[nodiscard]] std::span<unsigned char> span() noexcept { return {data_, size_}; }
    [[nodiscard]] std::span<const unsigned char> span() const noexcept { return {data_, size_}; }

    // Constant-time comparison; buffers of different sizes are unequal.
    [[nodiscard]] bool equals(std::span<const unsigned char> other) const noexcept
    {
        return other.size() == size_ && sodium_memcmp(data_, other.data(), size_) == 0;
    }

private:
    std::size_t size_;
    unsigned char* data_;
};

} // namespace tillit::crypto
