// What the fuzz harnesses share (tests/fuzz/README.md): the readers under test take a path,
// so each input is written to a file first, in a folder of this process's own (on /dev/shm
// when there is one: a write per input must cost microseconds, not a disk's fsync).
//
// A harness calls the code under test and lets through only the exceptions that code
// promises for bad input (std::invalid_argument, std::runtime_error): anything else
// (std::bad_alloc, std::length_error, std::logic_error, ...) escapes, which libFuzzer and the
// replay (replay_main.cpp) report as a crash, as they do a signal, a sanitizer report or a
// harness's own check (FUZZ_CHECK).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include <unistd.h>

namespace fuzz {

// A folder that is this process's alone, removed (with what is in it) when it exits.
inline const std::string& scratch_dir() {
    struct Dir {
        std::string path;
        Dir() {
            std::error_code ec;
            const char* tmp = std::getenv("TMPDIR");
            std::string base = std::filesystem::is_directory("/dev/shm", ec) && access("/dev/shm", W_OK) == 0
                                   ? "/dev/shm"
                                   : (tmp && *tmp ? tmp : "/tmp");
            std::string pattern = base + "/neurona-fuzz-XXXXXX";
            if (!mkdtemp(pattern.data())) {
                std::perror(("fuzz: cannot create a folder like " + pattern).c_str());
                std::abort();
            }
            path = pattern;
        }
        ~Dir() {
            std::error_code ec;
            std::filesystem::remove_all(path, ec);
        }
    };
    static const Dir dir;
    return dir.path;
}

// Writes data[0..size) to <scratch_dir>/<name> and returns that path.
inline std::string write_file(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::string path = scratch_dir() + "/" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f || (size && std::fwrite(data, 1, size, f) != size) || std::fclose(f) != 0) {
        std::perror(("fuzz: cannot write " + path).c_str());
        std::abort();
    }
    return path;
}

// Runs f(); the exceptions bad input is promised to raise are the expected outcome.
template <class F>
void expect_only_documented_errors(F&& f) {
    try {
        f();
    } catch (const std::invalid_argument&) {
    } catch (const std::runtime_error&) {
    }
}

}  // namespace fuzz

// A property of the code under test that must hold: when it does not, say which and abort
// (a crash for libFuzzer and for the replay).
#define FUZZ_CHECK(cond)                                                                    \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", __FILE__, __LINE__, #cond); \
            std::abort();                                                                   \
        }                                                                                   \
    } while (0)
