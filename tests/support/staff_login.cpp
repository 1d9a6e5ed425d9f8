// staff_login: the browser's side of a login, and account set-up through the admin commands.
#include "support/staff_login.hpp"

#include <sstream>
#include <stdexcept>

#include "admin/admin_commands.hpp"
#include "tillit/crypto/encoding.hpp"
#include "tillit/crypto/login_keys.hpp"

namespace tillit::test {

int admin(const std::filesystem::path& data_dir, std::vector<std::string> args, std::string* out, const std::string& input)
{
    args.insert(args.begin(), {"--data-dir", data_dir.string()});
    std::istringstream in(input);
    std::ostringstream output;
    std::ostringstream errors;
    const int code = tillit::admin::run_admin(args, in, output, errors);
    if (out != nullptr) *out = output.str() + errors.str();
    return code;
}

void create_account(const std::filesystem::path& data_dir, const std::string& pseudonym, const std::string& role,
                    const std::string& password, const std::string& languages)
{
    std::string output;
    const int code = admin(data_dir,
                           {"account", "create", pseudonym, "--role", role, "--languages", languages, "--lanes",
                            "support,consultation", "--password-stdin"},
                           &output, password + "\n");
    if (code != 0) throw std::runtime_error("account create failed: " + output);
}

void open_around_the_clock(const std::filesystem::path& data_dir)
{
    std::vector<std::string> args = {"hours", "set", "--timezone", "Europe/Stockholm"};
    for (const auto* day : {"--mon", "--tue", "--wed", "--thu", "--fri", "--sat", "--sun"}) {
        args.emplace_back(day);
        args.emplace_back("00:00-24:00");
    }
    std::string output;
    if (admin(data_dir, args, &output) != 0) throw std::runtime_error("hours set failed: " + output);
}

boost::json::object log_in(ws_client& client, const std::string& pseudonym, const std::string& password)
{
    client.send_json({{"type", "login_salt"}, {"pseudonym", pseudonym}});
    const auto salt_reply = client.receive_json();
    const auto salt = crypto::from_base64(std::string_view(salt_reply.at("salt").as_string()));
    if (!salt) throw std::runtime_error("the server sent a salt that is not base64");
    const auto keys = crypto::derive_login_keys(password, *salt);
    if (!keys) throw std::runtime_error("login derivation failed");
    client.send_json({{"type", "login"}, {"pseudonym", pseudonym}, {"auth", crypto::to_base64(keys->auth.span())}});
    return client.receive_json(30s);
}

} // namespace tillit::test
