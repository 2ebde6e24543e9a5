#include "neurona/chapter.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace neurona::chapter {

bool quick() {
    const char* v = std::getenv("NEURONA_QUICK");
    return v != nullptr && std::string(v) != "0" && std::string(v) != "";
}

const std::string& out_dir() {
    static const std::string dir = [] {
        const char* v = std::getenv("NEURONA_CHAPTER_OUT");
        std::string d = v && *v ? v : "out/chapters/scratch";
        std::error_code ec;
        std::filesystem::create_directories(d, ec);
        if (ec) throw std::runtime_error(d + ": cannot create the chapter's output directory: " + ec.message());
        return d;
    }();
    return dir;
}

}  // namespace neurona::chapter
