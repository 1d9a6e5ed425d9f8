// staff_login: what a counsellor's browser does to log in (CRYPTO.md: derive auth from the
// password and the account's salt, send only auth), and making accounts with tillit-admin's
// commands, for the integration tests.
#pragma once

#include <filesystem>
#include <string>

#include <boost/json/object.hpp>

#include "support/ws_client.hpp"

namespace tillit::test {

// Runs `tillit-admin --data-dir DIR account create NAME --role ROLE --password-stdin` in-process.
// Throws std::runtime_error if the command fails.
void create_account(const std::filesystem::path& data_dir, const std::string& pseudonym, const std::string& role,
                    const std::string& password, const std::string& languages = "sv,en");

// Runs any tillit-admin command in-process; returns its exit code and fills `out`.
int admin(const std::filesystem::path& data_dir, std::vector<std::string> args, std::string* out = nullptr,
          const std::string& input = {});

// Sets the opening hours to around the clock (the seeded default is office hours, which would
// make a test's outcome depend on when it runs).
void open_around_the_clock(const std::filesystem::path& data_dir);

// Asks for the salt, derives the login value and sends it; returns the server's answer.
boost::json::object log_in(ws_client& client, const std::string& pseudonym, const std::string& password);

} // namespace tillit::test
