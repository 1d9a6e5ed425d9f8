// temp_dir: a fresh temporary folder for one test, removed with everything in it afterwards.
#pragma once

#include <filesystem>

namespace tillit::test {

class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

} // namespace tillit::test
