// Initialises libsodium once per process.
#include "tillit/crypto/sodium_init.hpp"

#include <stdexcept>

#include <sodium.h>

namespace tillit::crypto {

void ensure_sodium()
{
    // sodium_init is itself thread-safe and idempotent; the static only saves the call.
    static const int result = sodium_init();
    if (result < 0) throw std::runtime_error("libsodium could not be initialised");
}

} // namespace tillit::crypto
