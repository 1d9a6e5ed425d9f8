// connection: what the floor keeps per TCP connection (a 72-byte struct and no buffer while idle).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

#include "framing.hpp"

namespace tillit::floor {

// Bytes a connection holds between events. Heap memory only while non-empty, so an idle
// connection costs its struct alone; the floor reads into one shared scratch buffer instead.
class held_bytes {
public:
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] const unsigned char* data() const { return data_.get() + start_; }

    // Holds exactly [p, p + n); n == 0 frees. p must not point into this buffer.
    void assign(const unsigned char* p, std::size_t n) {
        if (n == 0) {
            clear();
            return;
        }
        auto fresh = std::make_unique_for_overwrite<unsigned char[]>(n);
        std::memcpy(fresh.get(), p, n);
        data_ = std::move(fresh);
        size_ = static_cast<std::uint32_t>(n);
        start_ = 0;
    }

    void append(const unsigned char* p, std::size_t n) {
        auto fresh = std::make_unique_for_overwrite<unsigned char[]>(size_ + n);
        if (size_ != 0) {
            std::memcpy(fresh.get(), data(), size_);
        }
        std::memcpy(fresh.get() + size_, p, n);
        data_ = std::move(fresh);
        size_ = static_cast<std::uint32_t>(size_ + n);
        start_ = 0;
    }

    // Drops the first n bytes (they were sent); frees once nothing is left.
    void consume(std::size_t n) {
        size_ = static_cast<std::uint32_t>(size_ - n);
        start_ = static_cast<std::uint32_t>(start_ + n);
        if (size_ == 0) {
            clear();
        }
    }

    void clear() {
        data_.reset();
        size_ = 0;
        start_ = 0;
    }

private:
    std::unique_ptr<unsigned char[]> data_;
    std::uint32_t size_ = 0;  // bytes held, from start_
    std::uint32_t start_ = 0; // bytes at the front already sent
};

enum class phase : std::uint8_t {
    hello,   // reading the 12-byte hello frame
    waiting, // hello read, no partner yet: not read from, only its going away is watched
    paired,  // relaying
    closed,  // socket closed; the struct is freed after the current batch of events
};

struct connection {
    explicit connection(int socket) : fd(socket) {}

    int fd;
    std::uint32_t events = 0; // as registered with epoll, so unchanged masks cost no syscall
    phase state = phase::hello;
    std::uint8_t hello_have = 0;
    std::array<unsigned char, hello_frame_size> hello{};
    std::uint64_t key = 0;
    connection* partner = nullptr;
    held_bytes tail;    // the start of a frame read from this socket, completed by a later read
    held_bytes backlog; // complete frames for this socket that it would not take yet
};

} // namespace tillit::floor
