// The regression corpus, replayed without libFuzzer: `make test-fuzz-corpus` links each
// harness (tests/fuzz/*_fuzz.cpp) with this main, built by g++ with AddressSanitizer and
// UndefinedBehaviorSanitizer, and runs it over tests/fuzz/corpus/<harness>/. Each file is
// passed to LLVMFuzzerTestOneInput once, as libFuzzer would; a crash, a sanitizer report or
// a harness's check stops the run there, naming the file; so does an input that takes more
// than 10 seconds (a slow input is a failure too; FUZZ_REPLAY_TIMEOUT=<seconds> changes it)
// or allocates more than 2 GiB at once.
//
//   replay FILE_OR_FOLDER...     exit 0: every file ran; 1: no file to run, or one unreadable
#include <algorithm>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <sanitizer/common_interface_defs.h>
#include <unistd.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

// As make fuzz's -malloc_limit_mb (its -rss_limit_mb, 2048): one allocation above 2 GiB is
// an error, reported at once, rather than memory the machine may not have.
extern "C" const char* __asan_default_options() { return "max_allocation_size_mb=2048"; }

namespace {

// "replay: the input that failed: <file>\n", prepared before each input, written by whatever
// ends the process: a sanitizer's report, or abort() (from a harness's check, or from an
// exception no harness catches). The sanitizers keep their own handlers for the others.
std::string failure_note;

void name_the_input() {
    if (!failure_note.empty()) (void)!write(2, failure_note.data(), failure_note.size());
}

void on_signal(int sig) {
    name_the_input();
    std::signal(sig, SIG_DFL);
    std::raise(sig);
}

void on_alarm(int) {
    const char message[] = "replay: an input took too long (FUZZ_REPLAY_TIMEOUT)\n";
    (void)!write(2, message, sizeof message - 1);
    name_the_input();
    _exit(1);
}

}  // namespace

int main(int argc, char** argv) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        if (fs::is_directory(argv[i])) {
            for (const auto& entry : fs::directory_iterator(argv[i]))
                if (entry.is_regular_file()) files.push_back(entry.path());
        } else {
            files.push_back(argv[i]);
        }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "replay: no input files (usage: %s FILE_OR_FOLDER...)\n", argv[0]);
        return 1;
    }
    __sanitizer_set_death_callback(name_the_input);
    std::signal(SIGABRT, on_signal);
    std::signal(SIGALRM, on_alarm);
    const char* timeout_text = std::getenv("FUZZ_REPLAY_TIMEOUT");
    const unsigned timeout = timeout_text && std::atoi(timeout_text) > 0 ? unsigned(std::atoi(timeout_text)) : 10;
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
            return 1;
        }
        const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        failure_note = std::string("replay: the input that failed: ") + file.string() + "\n";
        alarm(timeout);
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        alarm(0);
    }
    failure_note.clear();
    std::printf("%s: %zu inputs replayed, no crash\n", argv[0], files.size());
    return 0;
}
