// Fuzz harness: the chapter output checker (src/tools/outcheck.hpp, the code that
// build/tools/outcheck runs). The input is expected.txt and the program's output, separated
// by the first NUL byte (no NUL: the output is empty). An expected part that starts with
// "#!" is parsed as tangle wrote it, headers included (a malformed one must be refused with
// outcheck::Error); any other is taken as the lines of one block, checked twice, without and
// with a tolerance, so that the fuzzer reaches the matcher without writing headers.
// Properties checked beside "no crash" (and no timeout: the matcher must stay linear in each
// line's length): line_matches agrees with the backtracking matcher it replaced, on lines
// small enough for that one to finish; a failed comparison always comes with a report.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "tools/outcheck.hpp"

namespace {

// The matcher outcheck had before line_matches (it tried every split at each {...}, which
// is exponential in their number): the reference for what a line matches.
bool reference_match(const outcheck::ExpectedLine& e, size_t k, const std::string& actual, size_t p) {
    using outcheck::Token;
    if (k == e.tokens.size()) return p == actual.size();
    const Token& t = e.tokens[k];
    switch (t.kind) {
        case Token::Text: {
            if (e.tolerance == 0)
                return actual.compare(p, t.text.size(), t.text) == 0 &&
                       reference_match(e, k + 1, actual, p + t.text.size());
            size_t q = p;
            for (size_t i = 0; i < t.text.size();) {
                if (t.text[i] == ' ' || (q < actual.size() && actual[q] == ' ')) {
                    while (i < t.text.size() && t.text[i] == ' ') ++i;
                    while (q < actual.size() && actual[q] == ' ') ++q;
                } else if (q < actual.size() && actual[q] == t.text[i]) {
                    ++i;
                    ++q;
                } else {
                    return false;
                }
            }
            return reference_match(e, k + 1, actual, q);
        }
        case Token::Number: {
            if (e.tolerance != 0)
                while (p < actual.size() && actual[p] == ' ') ++p;
            size_t n = outcheck::number_at(actual, p);
            if (n == 0) return false;
            double printed = std::strtod(actual.substr(p, n).c_str(), nullptr);
            if (std::fabs(printed - t.value) > e.tolerance * std::max(1.0, std::fabs(t.value))) return false;
            return reference_match(e, k + 1, actual, p + n);
        }
        case Token::Any:
            for (size_t q = p; q <= actual.size(); ++q)
                if (reference_match(e, k + 1, actual, q)) return true;
            return false;
    }
    return false;
}

void check(const outcheck::Expected& expected, const std::vector<std::string>& printed) {
    // The reference is exponential in the {...} of a line: only small cases are compared.
    for (size_t i = 0; i < expected.lines.size() && i < 8; ++i) {
        const outcheck::ExpectedLine& e = expected.lines[i];
        size_t any = 0;
        for (const outcheck::Token& t : e.tokens) any += t.kind == outcheck::Token::Any;
        if (any > 4) continue;
        for (size_t j = 0; j < printed.size() && j < 8; ++j) {
            const std::string a = outcheck::rstrip(printed[j]);
            if (a.size() <= 64) FUZZ_CHECK(outcheck::line_matches(e, a) == reference_match(e, 0, a, 0));
        }
    }
    const outcheck::Result r = outcheck::compare(expected, printed, "quick.out");
    FUZZ_CHECK(r.status == 0 ? r.report.empty() : r.status == 1 && !r.report.empty());
}

std::vector<std::string> lines_of(const std::string& text) {
    std::istringstream in(text);
    return outcheck::read_lines(in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(reinterpret_cast<const char*>(data), size);
    const size_t nul = input.find('\0');
    const std::string expected_text = input.substr(0, nul);
    const std::vector<std::string> printed = lines_of(nul == std::string::npos ? "" : input.substr(nul + 1));
    if (expected_text.rfind("#!", 0) == 0) {
        fuzz::expect_only_documented_errors(
            [&] { check(outcheck::parse_expected(lines_of(expected_text), "expected.txt"), printed); });
        return 0;
    }
    std::vector<std::string> block = lines_of(expected_text);
    for (const char* tolerance : {"0", "1e-3"}) {
        std::vector<std::string> raw = {"#! block chapters/0-fuzz.md 3 " + std::to_string(block.size()) +
                                        " tolerance=" + tolerance};
        raw.insert(raw.end(), block.begin(), block.end());
        check(outcheck::parse_expected(raw, "expected.txt"), printed);
    }
    return 0;
}
