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
//   tangle --pair chapters/1.8-activations.md chapters/es/1.8-activations.md
//
// checks that a chapter and its Spanish twin describe the same program with the same output:
// their ```cpp blocks must be equal once comments and blank lines are set aside (comments may
// be translated), and their ```output blocks equal line for line, tolerance included. A pair
// that drifted is reported as "<twin>:<line>: ..." naming both files and the first block that
// differs, with exit status 1.
//
// Errors (an unterminated fence, an output block with a bad info string, a chapter without
// code) are printed as "<chapter>:<line>: ..." and exit with status 1.

#include <algorithm>
#include <cctype>
#include <cmath>
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

// The tolerance must be a plain finite non-negative number: outcheck reads it back with strtod
// and refuses anything else, and a typo such as "tolerance=1e-3x" would otherwise silently
// become a different promise ("inf" would be no promise at all).
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
        if (tolerance.empty() || *end != '\0' || !std::isfinite(t) || !(t >= 0))
            fail(where, "tolerance must be a finite non-negative number, got '" + tolerance + "'");
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

// One line of code as the pair check compares it: without its comments and trailing spaces.
// `in_comment` carries an open /* comment over to the next line. String and character
// literals are kept whole, so a "//" inside a string is not a comment; a ' right after a letter
// or digit is a digit separator (1'000), not a character literal.
std::string strip_comments(const std::string& line, bool& in_comment) {
    std::string out;
    char quote = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        const char c = line[i], next = i + 1 < line.size() ? line[i + 1] : '\0';
        if (in_comment) {
            if (c == '*' && next == '/') in_comment = false, ++i;
        } else if (quote) {
            out += c;
            if (c == '\\' && next) out += line[++i];
            else if (c == quote) quote = 0;
        } else if (c == '/' && next == '/') {
            break;
        } else if (c == '/' && next == '*') {
            in_comment = true, ++i;
            out += ' ';
        } else {
            if (c == '"' || (c == '\'' && !(i > 0 && std::isalnum(static_cast<unsigned char>(line[i - 1])))))
                quote = c;
            out += c;
        }
    }
    return rstrip(out);
}

// What the pair check compares of a block: (Markdown line, text) of each line. A cpp block
// keeps its code lines without comments and drops the lines left empty; an output block keeps
// every line, with its tolerance as a first pseudo-line.
std::vector<std::pair<int, std::string>> comparable_lines(const Block& b) {
    std::vector<std::pair<int, std::string>> lines;
    if (b.kind == "output") lines.push_back({b.first_line - 1, "tolerance=" + b.tolerance});
    bool in_comment = false;
    for (size_t i = 0; i < b.lines.size(); ++i) {
        const int md_line = b.first_line + static_cast<int>(i);
        if (b.kind == "output") {
            lines.push_back({md_line, rstrip(b.lines[i])});
        } else {
            std::string code = strip_comments(b.lines[i], in_comment);
            if (code.find_first_not_of(" \t") != std::string::npos) lines.push_back({md_line, code});
        }
    }
    return lines;
}

// The pair check (see the top of this file): 0 when `twin` has `chapter`'s program and output.
int check_pair(const std::string& chapter, const std::string& twin) {
    auto program = [](const std::string& path) {
        std::vector<Block> kept;
        for (Block& b : read_blocks(path))
            if (b.kind == "cpp" || b.kind == "output") kept.push_back(std::move(b));
        return kept;
    };
    const std::vector<Block> a = program(chapter), b = program(twin);
    const std::string drift = ": error: the twin drifted from " + chapter + ": ";
    for (size_t k = 0; k < std::max(a.size(), b.size()); ++k) {
        const std::string which = "block " + std::to_string(k + 1) + " of " + std::to_string(a.size());
        if (k >= a.size() || k >= b.size()) {
            const bool twin_longer = k >= a.size();
            const Block& extra = twin_longer ? b[k] : a[k];
            std::cerr << twin << ":" << (twin_longer ? extra.first_line : 1) << drift
                      << (twin_longer ? "the twin has an extra ```" : "the twin lacks ```") << extra.kind
                      << " block (" << chapter << " has " << a.size() << " code and output blocks, the twin "
                      << b.size() << "; " << chapter << ":" << (twin_longer ? 1 : extra.first_line) << ")\n";
            return 1;
        }
        if (a[k].kind != b[k].kind) {
            std::cerr << twin << ":" << b[k].first_line << drift << which << " is ```" << a[k].kind << " there ("
                      << chapter << ":" << a[k].first_line << ") but ```" << b[k].kind << " here\n";
            return 1;
        }
        const auto la = comparable_lines(a[k]), lb = comparable_lines(b[k]);
        for (size_t i = 0; i < std::max(la.size(), lb.size()); ++i) {
            if (i < la.size() && i < lb.size() && la[i].second == lb[i].second) continue;
            const int line_a = i < la.size() ? la[i].first : a[k].first_line + int(a[k].lines.size());
            const int line_b = i < lb.size() ? lb[i].first : b[k].first_line + int(b[k].lines.size());
            std::cerr << twin << ":" << line_b << drift << "```" << a[k].kind << " " << which
                      << " differs (" << (a[k].kind == "cpp" ? "comments aside" : "line for line") << ")\n"
                      << "  " << chapter << ":" << line_a << ": "
                      << (i < la.size() ? la[i].second : "(the block ends)") << "\n"
                      << "  " << twin << ":" << line_b << ": "
                      << (i < lb.size() ? lb[i].second : "(the block ends)") << "\n";
            return 1;
        }
    }
    return 0;
}

void write_file(const std::string& path, const std::string& content) {
    std::ofstream out(path);
    if (!(out << content) || !out.flush()) fail(path, "cannot write");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc == 4 && std::string(argv[1]) == "--pair") return check_pair(argv[2], argv[3]);
    if (argc != 4) {
        std::cerr << "usage: tangle <chapter.md> <main.cpp> <expected.txt>\n"
                     "       tangle --pair <chapter.md> <its twin.md>\n";
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
