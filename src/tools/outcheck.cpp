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
// line, the expected line and the printed one when it does not; 2 when a file cannot be read.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

const std::string kAny = "{...}";

// One expected line, split into what it is compared with.
struct Token {
    enum Kind { Text, Number, Any } kind;
    std::string text;   // Text: the literal; Number: as written
    double value = 0;   // Number
};

struct ExpectedLine {
    std::string chapter;
    int md_line = 0;
    double tolerance = 0;
    std::string text;
    bool any_lines = false;   // the line is only {...}
    std::vector<Token> tokens;
};

[[noreturn]] void die(const std::string& where, const std::string& message) {
    std::cerr << "outcheck: " << where << ": " << message << "\n";
    std::exit(2);
}

std::string rstrip(const std::string& s) {
    size_t end = s.find_last_not_of(" \t\r");
    return end == std::string::npos ? "" : s.substr(0, end + 1);
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the number -?digits[.digits][e±digits] that starts at s[p], 0 if none does. Both
// sides are split with this one function, so they agree on where numbers are.
size_t number_at(const std::string& s, size_t p) {
    size_t q = p;
    if (q < s.size() && s[q] == '-') ++q;
    if (q >= s.size() || !is_digit(s[q])) return 0;
    while (q < s.size() && is_digit(s[q])) ++q;
    if (q + 1 < s.size() && s[q] == '.' && is_digit(s[q + 1])) {
        ++q;
        while (q < s.size() && is_digit(s[q])) ++q;
    }
    if (q < s.size() && (s[q] == 'e' || s[q] == 'E')) {
        size_t r = q + 1;
        if (r < s.size() && (s[r] == '+' || s[r] == '-')) ++r;
        if (r < s.size() && is_digit(s[r])) {
            while (r < s.size() && is_digit(s[r])) ++r;
            q = r;
        }
    }
    return q - p;
}

std::vector<Token> tokenize(const std::string& line) {
    std::vector<Token> tokens;
    auto add_char = [&](char c) {
        if (tokens.empty() || tokens.back().kind != Token::Text) tokens.push_back({Token::Text, "", 0});
        tokens.back().text += c;
    };
    for (size_t p = 0; p < line.size();) {
        if (line.compare(p, kAny.size(), kAny) == 0) {
            tokens.push_back({Token::Any, kAny, 0});
            p += kAny.size();
        } else if (size_t n = number_at(line, p)) {
            std::string num = line.substr(p, n);
            tokens.push_back({Token::Number, num, std::strtod(num.c_str(), nullptr)});
            p += n;
        } else {
            add_char(line[p++]);
        }
    }
    return tokens;
}

// Does actual[p..] match tokens[k..]? Backtracks only at {...}; lines are short.
bool match_from(const ExpectedLine& e, size_t k, const std::string& actual, size_t p) {
    if (k == e.tokens.size()) return p == actual.size();
    const Token& t = e.tokens[k];
    switch (t.kind) {
        case Token::Text: {
            if (e.tolerance == 0)
                return actual.compare(p, t.text.size(), t.text) == 0 &&
                       match_from(e, k + 1, actual, p + t.text.size());
            // With a tolerance, a number may print wider or narrower (another digit, a sign,
            // NumPy's column padding), so spaces on either side match any spaces, even none.
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
            return match_from(e, k + 1, actual, q);
        }
        case Token::Number: {
            if (e.tolerance != 0)  // as for text: spaces before a number may differ
                while (p < actual.size() && actual[p] == ' ') ++p;
            size_t n = number_at(actual, p);
            if (n == 0) return false;
            double printed = std::strtod(actual.substr(p, n).c_str(), nullptr);
            if (std::fabs(printed - t.value) > e.tolerance * std::max(1.0, std::fabs(t.value))) return false;
            return match_from(e, k + 1, actual, p + n);
        }
        case Token::Any:
            for (size_t q = p; q <= actual.size(); ++q)
                if (match_from(e, k + 1, actual, q)) return true;
            return false;
    }
    return false;
}

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path);
    if (!in) die(path, "cannot open");
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

// Parses tangle's expected.txt. The header is read from the right, so a chapter path may
// contain spaces.
std::vector<ExpectedLine> read_expected(const std::string& path, std::string& last_chapter, int& last_line) {
    std::vector<std::string> raw = read_lines(path);
    std::vector<ExpectedLine> lines;
    for (size_t i = 0; i < raw.size();) {
        const std::string where = path + ":" + std::to_string(i + 1);
        const std::string& h = raw[i];
        if (h.rfind("#! block ", 0) != 0) die(where, "expected a '#! block' header (was this file written by tangle?)");
        std::vector<std::string> f;
        std::istringstream words(h.substr(9));
        for (std::string w; words >> w;) f.push_back(w);
        if (f.size() < 4 || f.back().rfind("tolerance=", 0) != 0) die(where, "malformed '#! block' header");
        ExpectedLine proto;
        proto.tolerance = std::strtod(f[f.size() - 1].substr(10).c_str(), nullptr);
        const size_t count = std::strtoul(f[f.size() - 2].c_str(), nullptr, 10);
        const int first = std::atoi(f[f.size() - 3].c_str());
        size_t path_end = h.rfind(" " + f[f.size() - 3] + " " + f[f.size() - 2] + " ");
        proto.chapter = h.substr(9, path_end - 9);
        if (i + 1 + count > raw.size()) die(where, "the block is cut short");
        for (size_t k = 0; k < count; ++k) {
            ExpectedLine e = proto;
            e.md_line = first + static_cast<int>(k);
            e.text = rstrip(raw[i + 1 + k]);
            e.any_lines = e.text == kAny;
            e.tokens = tokenize(e.text);
            lines.push_back(e);
        }
        last_chapter = proto.chapter;
        last_line = first + static_cast<int>(count);  // the closing fence
        i += 1 + count;
    }
    return lines;
}

std::string tolerance_note(double t) {
    if (t == 0) return "numbers in this block must be equal (the block states no tolerance)";
    std::ostringstream s;
    s << "numbers in this block may differ by " << t << " x max(1, |expected|)";
    return s.str();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: outcheck <expected.txt from tangle> <program output>\n";
        return 2;
    }
    std::string last_chapter = argv[1];
    int last_line = 1;
    const std::vector<ExpectedLine> exp = read_expected(argv[1], last_chapter, last_line);
    std::vector<std::string> act = read_lines(argv[2]);
    for (std::string& a : act) a = rstrip(a);

    // Whole-output matching is glob matching over lines, with {...}-only lines as the star:
    // advance both sides while lines match; on a mismatch, let the last star swallow one more
    // line and retry from there. The deepest point reached in the chapter is the one reported.
    // Among the printed lines tried against that deepest expected line (a {...} line before it
    // tries many), the one reported is the most like it, by the length of their common
    // beginning: the line the learner meant, not the end of the output.
    size_t i = 0, j = 0, fail_i = 0, fail_j = 0;
    long fail_likeness = -1;
    bool star = false;
    size_t star_i = 0, star_j = 0;
    auto likeness = [&](size_t ei, size_t aj) -> long {
        if (ei >= exp.size() || aj >= act.size()) return -1;
        const std::string &a = exp[ei].text, &b = act[aj];
        long n = 0;
        while (n < long(a.size()) && n < long(b.size()) && a[n] == b[n]) ++n;
        return n;
    };
    auto note_failure = [&] {
        const long l = likeness(i, j);
        if (i > fail_i || (i == fail_i && l > fail_likeness) || (i == fail_i && l == fail_likeness && j > fail_j))
            fail_i = i, fail_j = j, fail_likeness = l;
    };
    while (j < act.size()) {
        if (i < exp.size() && exp[i].any_lines) {
            star = true, star_i = i++, star_j = j;
        } else if (i < exp.size() && match_from(exp[i], 0, act[j], 0)) {
            ++i, ++j;
        } else {
            note_failure();
            if (!star) break;
            i = star_i + 1, j = ++star_j;
        }
    }
    if (j == act.size()) {
        while (i < exp.size() && exp[i].any_lines) ++i;
        if (i == exp.size()) return 0;
        note_failure();
    }

    // The report reads like a compiler's: the chapter's file:line first, then both lines.
    const std::string printed_at = std::string(" (") + argv[2] + ":" + std::to_string(fail_j + 1) + ")";
    if (fail_i == exp.size()) {
        std::cout << last_chapter << ":" << last_line << ": the program prints more than the chapter's output blocks show\n"
                  << "  expected: (nothing after the chapter's last output line)\n"
                  << "  printed:  " << act[fail_j] << printed_at << "\n";
        return 1;
    }
    const ExpectedLine& e = exp[fail_i];
    std::cout << e.chapter << ":" << e.md_line << ": the program's output differs from the chapter\n"
              << "  expected: " << e.text << "\n";
    if (fail_j < act.size())
        std::cout << "  printed:  " << act[fail_j] << printed_at << "\n";
    else
        std::cout << "  printed:  (nothing: the output ends after " << act.size() << " lines)\n";
    std::cout << "  " << tolerance_note(e.tolerance) << "\n";
    return 1;
}
