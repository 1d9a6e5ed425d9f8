// temp_dir: creation and removal.
#include "support/temp_dir.hpp"

#include <random>
#include <string>

#include <unistd.h>

namespace tillit::test {

namespace fs = std::filesystem;

temp_dir::temp_dir()
{
    std::random_device random;
    path_ = fs::temp_directory_path() / ("tillit-test-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    fs::create_directories(path_);
}

temp_dir::~temp_dir()
{
    std::error_code ignored;
    fs::remove_all(path_, ignored);
}

} // namespace tillit::test
