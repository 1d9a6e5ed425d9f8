// Initialises libsodium once per process; every entry point of tillit::crypto calls it.
#pragma once

namespace tillit::crypto {

// Throws std::runtime_error if libsodium cannot initialise (no usable random source).
void ensure_sodium();

} // namespace tillit::crypto
