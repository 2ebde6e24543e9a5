// tangle: turns a chapter (docs/chapters.md) into the program it describes and the output it
// promises.
//
//   tangle chapters/1.8-activations.md build/chapters/1.8/main.cpp build/chapters/1.8/expected.txt
//
// main.cpp is the ```cpp blocks in order, each preceded by `#line <n> "<chapter>"` so that a
// compiler error points at the Markdown line a learner edits, not at the generated file.
//
// expected.txt is the ```output blocks in order, for outcheck. Each block is written as a
// header line followed by the block's lines verbatim:
//
//   #! block <chapter> <line of the block's first line> <number of lines> tolerance=<t>
//
// The header carries the line count, so a printed line that happens to start with "#!" can
// never be taken for a header; and it carries the Markdown line, so outcheck can point into
// the chapter. Any other fence (```text, ```bash, ...) is prose and is skipped.
//
// Errors (an unterminated fence, an output block with a bad info string, a chapter without
// code) are printed as "<chapter>:<line>: ..." and exit with status 1.

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Block {
    std::string kind;        // "cpp", "output" or anything else (prose)
    std::string tolerance;   // output blocks: the text after "tolerance=", "0" if absent
    int first_line = 0;      // Markdown line of the first line inside the fence (1-based)
    std::vector<std::string> lines;
};

[[noreturn]] void fail(const std::string& where, const std::string& message) {
    std::cerr << where << ": error: " << message << "\n";
    std::exit(1);
}

std::string rstrip(const std::string& s) {
    size_t end = s.find_last_not_of(" \t\r");
    return end == std::string::npos ? "" : s.substr(0, end + 1);
}

// The tolerance must be a plain non-negative number: outcheck reads it back with strtod, and a
// typo such as "tolerance=1e-3x" would otherwise silently become a different promise.
std::string parse_output_info(const std::string& info, const std::string& where) {
    std::istringstream words(info);
    std::string word, tolerance = "0";
    words >> word;  // "output"
    while (words >> word) {
        if (word.rfind("tolerance=", 0) != 0)
            fail(where, "unknown option '" + word + "' on an output block (known: tolerance=<number>)");
        tolerance = word.substr(10);
        char* end = nullptr;
        double t = std::strtod(tolerance.c_str(), &end);
        if (tolerance.empty() || *end != '\0' || !(t >= 0))
            fail(where, "tolerance must be a non-negative number, got '" + tolerance + "'");
    }
    return tolerance;
}

// A fence is a line that starts with three backticks at column 0; the opening fence's info
// string (its first word) says what the block is, and the block ends at the next line that is
// exactly ``` (trailing spaces allowed). Fences do not nest.
std::vector<Block> read_blocks(const std::string& path) {
    std::ifstream in(path);
    if (!in) fail(path, "cannot open the chapter");
    std::vector<Block> blocks;
    std::string line;
    int number = 0, open_line = 0;
    bool inside = false;
    while (std::getline(in, line)) {
        ++number;
        std::string text = rstrip(line);
        if (!inside) {
            if (text.rfind("```", 0) != 0) continue;
            std::string info = text.substr(3);
            Block b;
            b.kind = info.substr(0, info.find(' '));
            if (b.kind == "output") b.tolerance = parse_output_info(info, path + ":" + std::to_string(number));
            b.first_line = number + 1;
            blocks.push_back(b);
            open_line = number;
            inside = true;
        } else if (text == "```") {
            inside = false;
        } else {
            blocks.back().lines.push_back(line);
        }
    }
    if (inside)
        fail(path + ":" + std::to_string(open_line),
             "the ```" + blocks.back().kind + " fence opened here is never closed");
    return blocks;
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path);
    if (!(out << content) || !out.flush()) fail(path, "cannot write");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: tangle <chapter.md> <main.cpp> <expected.txt>\n";
        return 2;
    }
    const std::string chapter = argv[1];
    std::vector<Block> blocks = read_blocks(chapter);

    std::string code, expected;
    for (const Block& b : blocks) {
        if (b.kind == "cpp") {
            code += "#line " + std::to_string(b.first_line) + " \"" + chapter + "\"\n";
            for (const std::string& l : b.lines) code += l + "\n";
        } else if (b.kind == "output") {
            expected += "#! block " + chapter + " " + std::to_string(b.first_line) + " " +
                        std::to_string(b.lines.size()) + " tolerance=" + b.tolerance + "\n";
            for (const std::string& l : b.lines) expected += l + "\n";
        }
    }
    if (code.empty()) fail(chapter + ":1", "the chapter has no ```cpp block, so there is no program to build");

    write_file(argv[2], code);
    write_file(argv[3], expected);
    return 0;
}
