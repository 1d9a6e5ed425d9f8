// The root key's fingerprint, shown in every page footer and by tillit-admin so that people can
// compare it with the one the centre publishes elsewhere.
//   fingerprint = BLAKE2b-256(O_pk), unkeyed, as 16 groups of 4 lowercase hex digits.
#pragma once

#include <string>

#include "tillit/crypto/keys.hpp"

namespace tillit::crypto {

// E.g. "3f2a 9c01 ... 77be" (79 characters). Never fails.
[[nodiscard]] std::string root_fingerprint(const public_key& root);

} // namespace tillit::crypto
