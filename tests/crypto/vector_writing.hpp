// vector_writing: what both vector writers (make_vectors.cpp, make_mailbox_vectors.cpp) share:
// fixed seeds instead of randomness, hex, and stopping with the step's name when a step fails.
#pragma once

#include <cstdlib>
#include <iostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>

#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/result.hpp"

namespace tillit::vectors {

using bytes = std::vector<unsigned char>;

// A fixed seed: BLAKE2b of a label, `size` bytes (16 to 64), so the vectors need no randomness.
inline bytes seed(std::string_view label, std::size_t size = 32)
{
    bytes out(size);
    crypto_generichash(out.data(), out.size(), reinterpret_cast<const unsigned char*>(label.data()), label.size(), nullptr, 0);
    return out;
}

inline std::string hex(std::span<const unsigned char> b) { return crypto::to_hex(b); }

// The value of `r`, or the writer `program` stops, naming the step `what` and the error.
template <class T>
T must(crypto::result<T> r, std::string_view program, std::string_view what)
{
    if (!r) {
        std::cerr << program << ": " << what << ": " << crypto::to_string(r.error()) << "\n";
        std::exit(1);
    }
    return std::move(*r);
}

} // namespace tillit::vectors
