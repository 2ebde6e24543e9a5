// outcheck: does a chapter's program print what the chapter says it prints?
//
//   outcheck build/chapters/1.8/expected.txt build/chapters/1.8/quick.out
//
// expected.txt is what tangle wrote: the chapter's ```output blocks, each behind a header
// "#! block <chapter> <first line> <line count> tolerance=<t>". The rules (docs/chapters.md):
//   - text is compared exactly, except for spaces and tabs at the end of a line;
//   - numbers (-?digits[.digits][e±digits]) are compared as numbers, within the block's
//     tolerance: |printed - expected| <= t * max(1, |expected|);
//   - `{...}` inside a line matches any text within that line;
//   - a line that is only `{...}` matches any number of lines (none included).
// Exit status 0 when the output matches; 1 with a report that names the chapter's Markdown
// line, the expected line and the printed one when it does not; 2 when a file cannot be read
// or expected.txt is malformed ("outcheck: <file>:<line>: <what is wrong>"). The parsing and
// the matching are in outcheck.hpp, where the fuzz harness (tests/fuzz/) calls them too.

#include "outcheck.hpp"

#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

// Exit status 2 with "outcheck: <where>: <message>": a file cannot be read or is malformed.
[[noreturn]] void die(const std::string& where, const std::string& message) {
    std::cerr << "outcheck: " << where << ": " << message << "\n";
    std::exit(2);
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) die(path, "cannot open");
    return outcheck::read_lines(in);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: outcheck <expected.txt from tangle> <program output>\n";
        return 2;
    }
    outcheck::Expected expected;
    try {
        expected = outcheck::parse_expected(read_lines(argv[1]), argv[1]);
    } catch (const outcheck::Error& e) {
        die(e.where, e.what());
    }
    const outcheck::Result result = outcheck::compare(expected, read_lines(argv[2]), argv[2]);
    std::cout << result.report;
    return result.status;
}
