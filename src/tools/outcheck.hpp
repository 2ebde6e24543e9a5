// outcheck's parsing and matching (src/tools/outcheck.cpp is the program; its top comment and
// docs/chapters.md give the rules). Here, in a header, so that a fuzz harness
// (tests/fuzz/outcheck_fuzz.cpp) drives exactly the code the program runs:
//   parse_expected  tangle's expected.txt, each header field checked, into ExpectedLines;
//   line_matches    one expected line against one printed line, in O(tokens x length);
//   compare         the whole output against the expected lines, with the report.
// Nothing here exits or prints: a malformed expected.txt throws outcheck::Error, which the
// program reports with exit status 2.
#pragma once

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <istream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace outcheck {

inline const std::string kAny = "{...}";

// A malformed expected.txt: `where` is "<file>:<line>", what() the message.
struct Error : std::runtime_error {
    Error(std::string where_, const std::string& message) : std::runtime_error(message), where(std::move(where_)) {}
    std::string where;
};

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

// The expected lines of every block, and where the chapter's last block closes (the line a
// report of extra output points at).
struct Expected {
    std::vector<ExpectedLine> lines;
    std::string last_chapter;
    int last_line = 1;
};

inline std::string rstrip(const std::string& s) {
    size_t end = s.find_last_not_of(" \t\r");
    return end == std::string::npos ? "" : s.substr(0, end + 1);
}

// The lines of a text as std::getline splits them (a last line without '\n' counts).
inline std::vector<std::string> read_lines(std::istream& in) {
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) lines.push_back(line);
    return lines;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the number -?digits[.digits][e±digits] that starts at s[p], 0 if none does. Both
// sides are split with this one function, so they agree on where numbers are. `digits_end`,
// when given, holds for every position the end of the run of digits starting there, which
// makes this O(1) (line_matches builds it for lines where {...} makes it try many positions).
inline size_t number_at(const std::string& s, size_t p, const std::vector<size_t>* digits_end = nullptr) {
    auto skip_digits = [&](size_t q) {
        if (digits_end) return (*digits_end)[q];
        while (q < s.size() && is_digit(s[q])) ++q;
        return q;
    };
    size_t q = p;
    if (q < s.size() && s[q] == '-') ++q;
    if (q >= s.size() || !is_digit(s[q])) return 0;
    q = skip_digits(q);
    if (q + 1 < s.size() && s[q] == '.' && is_digit(s[q + 1])) q = skip_digits(q + 1);
    if (q < s.size() && (s[q] == 'e' || s[q] == 'E')) {
        size_t r = q + 1;
        if (r < s.size() && (s[r] == '+' || s[r] == '-')) ++r;
        if (r < s.size() && is_digit(s[r])) q = skip_digits(r);
    }
    return q - p;
}

inline std::vector<Token> tokenize(const std::string& line) {
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

// Does the printed line `actual` match the expected line `e`?
//
// A token other than {...} matches at most one way from a given position (text is literal,
// a number is the longest one there), so the set of positions where tokens[0..k) can end is
// followed forward, token by token; {...} turns that set into every position from its first
// one on. Each token looks at each position at most once: O(tokens x length), with a
// bitmap of length + 1 (the recursion that this replaced tried every split at each {...},
// exponential in their number). Without {...} the set holds one position, as before.
inline bool line_matches(const ExpectedLine& e, const std::string& actual) {
    const size_t len = actual.size(), none = std::string::npos;
    // Built at the first {...}, when many positions are tried: for each position, the end of
    // the digits and of the spaces starting there, and the number parsed there.
    std::vector<size_t> digits_end, spaces_end;
    std::vector<double> parsed;
    std::vector<char> is_parsed;
    bool indexed = false;
    auto build_index = [&] {
        digits_end.assign(len + 1, len);
        spaces_end.assign(len + 1, len);
        for (size_t q = len; q-- > 0;) {
            digits_end[q] = is_digit(actual[q]) ? digits_end[q + 1] : q;
            spaces_end[q] = actual[q] == ' ' ? spaces_end[q + 1] : q;
        }
        parsed.assign(len + 1, 0);
        is_parsed.assign(len + 1, 0);
        indexed = true;
    };
    auto skip_spaces = [&](size_t q) {
        if (indexed) return spaces_end[q];
        while (q < len && actual[q] == ' ') ++q;
        return q;
    };
    auto number_value = [&](size_t p, size_t n) {
        if (!indexed) return std::strtod(actual.substr(p, n).c_str(), nullptr);
        if (!is_parsed[p]) parsed[p] = std::strtod(actual.substr(p, n).c_str(), nullptr), is_parsed[p] = 1;
        return parsed[p];
    };
    // Where token t ends when it starts at p; `none` when it does not match there.
    auto step = [&](const Token& t, size_t p) -> size_t {
        if (t.kind == Token::Text) {
            if (e.tolerance == 0) return actual.compare(p, t.text.size(), t.text) == 0 ? p + t.text.size() : none;
            // With a tolerance, a number may print wider or narrower (another digit, a sign,
            // NumPy's column padding), so spaces on either side match any spaces, even none.
            size_t q = p;
            for (size_t i = 0; i < t.text.size();) {
                if (t.text[i] == ' ' || (q < len && actual[q] == ' ')) {
                    while (i < t.text.size() && t.text[i] == ' ') ++i;
                    q = skip_spaces(q);
                } else if (q < len && actual[q] == t.text[i]) {
                    ++i;
                    ++q;
                } else {
                    return none;
                }
            }
            return q;
        }
        // A number; with a tolerance, as for text, the spaces before it may differ.
        if (e.tolerance != 0) p = skip_spaces(p);
        const size_t n = number_at(actual, p, indexed ? &digits_end : nullptr);
        if (n == 0) return none;
        const double printed = number_value(p, n);
        if (std::fabs(printed - t.value) > e.tolerance * std::max(1.0, std::fabs(t.value))) return none;
        return p + n;
    };

    // at[q]: tokens[0..k) can end at q, for q in [lo, hi] (all zero outside).
    std::vector<char> at(len + 1, 0), next(len + 1, 0);
    at[0] = 1;
    size_t lo = 0, hi = 0;
    for (const Token& t : e.tokens) {
        if (t.kind == Token::Any) {
            if (!indexed) build_index();
            std::fill(at.begin() + lo, at.end(), 1);
            hi = len;
            continue;
        }
        size_t new_lo = none, new_hi = 0;
        for (size_t p = lo; p <= hi; ++p) {
            if (!at[p]) continue;
            at[p] = 0;
            const size_t q = step(t, p);
            if (q == none) continue;
            next[q] = 1;
            new_lo = std::min(new_lo, q);
            new_hi = std::max(new_hi, q);
        }
        if (new_lo == none) return false;
        at.swap(next);
        lo = new_lo, hi = new_hi;
    }
    return at[len] != 0;
}

// A whole number in [min, max] written in plain digits ("-1", "+3", "3x", "" are not), or
// false.
inline bool parse_count(const std::string& text, long long min, long long max, long long& value) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    return ec == std::errc() && end == text.data() + text.size() && value >= min && value <= max;
}

// Parses tangle's expected.txt, given as its lines; `path` names it in errors. Each block is
//   #! block <chapter> <first line> <line count> tolerance=<t>
// then <line count> lines. The header is read from the right, so a chapter path may contain
// spaces. Throws Error ("<path>:<line>", what is wrong and what was expected) when a header
// is malformed: a line count that is not a whole number >= 0 or exceeds the lines left, a
// first line that is not a whole number >= 1 or whose block would end past INT_MAX, a
// tolerance that is not a finite number >= 0.
inline Expected parse_expected(const std::vector<std::string>& raw, const std::string& path) {
    Expected result;
    result.last_chapter = path;
    const std::string format = "expected '#! block <chapter> <first line> <line count> tolerance=<t>'";
    for (size_t i = 0; i < raw.size();) {
        const std::string where = path + ":" + std::to_string(i + 1);
        const std::string h = rstrip(raw[i]);
        if (h.rfind("#! block ", 0) != 0)
            throw Error(where, "expected a '#! block' header (was this file written by tangle?)");
        // The last three fields, each after the last space before it; the chapter before them.
        std::vector<std::string> f;
        size_t end = h.size();
        for (int field = 0; field < 3; ++field) {
            const size_t space = h.rfind(' ', end - 1);
            if (space == std::string::npos || space < 9) break;
            f.push_back(h.substr(space + 1, end - space - 1));
            end = space;
        }
        if (f.size() < 3 || end <= 9 || f[0].rfind("tolerance=", 0) != 0 || f[1].empty() || f[2].empty())
            throw Error(where, "malformed '#! block' header: " + format + ", found '" + h.substr(0, 200) + "'");
        const std::string chapter = h.substr(9, end - 9), tolerance_text = f[0].substr(10);

        char* tolerance_end = nullptr;
        const double tolerance = std::strtod(tolerance_text.c_str(), &tolerance_end);
        if (tolerance_text.empty() || *tolerance_end != '\0' || !std::isfinite(tolerance) || !(tolerance >= 0))
            throw Error(where, "the block's tolerance '" + tolerance_text + "' is not a finite number >= 0");
        const size_t lines_left = raw.size() - i - 1;
        long long count = 0, first = 0;
        if (!parse_count(f[1], 0, LLONG_MAX, count))
            throw Error(where, "the block's line count '" + f[1] + "' is not a whole number >= 0");
        if (static_cast<unsigned long long>(count) > lines_left)
            throw Error(where, "the block is cut short: its header announces " + f[1] + " lines, " +
                                   std::to_string(lines_left) + " follow");
        // The block's lines are first .. first + count - 1, and its closing fence first + count.
        if (!parse_count(f[2], 1, INT_MAX - count, first))
            throw Error(where, "the block's first line '" + f[2] + "' is not a line number from 1 to " +
                                   std::to_string(INT_MAX - count) + " (its " + f[1] +
                                   " lines must end by line " + std::to_string(INT_MAX) + ")");

        ExpectedLine proto;
        proto.chapter = chapter;
        proto.tolerance = tolerance;
        for (long long k = 0; k < count; ++k) {
            ExpectedLine e = proto;
            e.md_line = static_cast<int>(first + k);
            e.text = rstrip(raw[i + 1 + k]);
            e.any_lines = e.text == kAny;
            e.tokens = tokenize(e.text);
            result.lines.push_back(std::move(e));
        }
        result.last_chapter = chapter;
        result.last_line = static_cast<int>(first + count);  // the closing fence
        i += 1 + count;
    }
    return result;
}

inline std::string tolerance_note(double t) {
    if (t == 0) return "numbers in this block must be equal (the block states no tolerance)";
    std::ostringstream s;
    s << "numbers in this block may differ by " << t << " x max(1, |expected|)";
    return s.str();
}

// What compare found: status 0 (the output matches) or 1, and the report for 1.
struct Result {
    int status = 0;
    std::string report;
};

// Compares the printed lines `printed` (read from `printed_path`, which the report names)
// with the expected ones. Trailing spaces and tabs of printed lines are ignored.
inline Result compare(const Expected& expected, std::vector<std::string> act, const std::string& printed_path) {
    const std::vector<ExpectedLine>& exp = expected.lines;
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
        } else if (i < exp.size() && line_matches(exp[i], act[j])) {
            ++i, ++j;
        } else {
            note_failure();
            if (!star) break;
            i = star_i + 1, j = ++star_j;
        }
    }
    if (j == act.size()) {
        while (i < exp.size() && exp[i].any_lines) ++i;
        if (i == exp.size()) return {};
        note_failure();
    }

    // The report reads like a compiler's: the chapter's file:line first, then both lines.
    std::ostringstream out;
    const std::string printed_at = " (" + printed_path + ":" + std::to_string(fail_j + 1) + ")";
    if (fail_i == exp.size()) {
        out << expected.last_chapter << ":" << expected.last_line
            << ": the program prints more than the chapter's output blocks show\n"
            << "  expected: (nothing after the chapter's last output line)\n"
            << "  printed:  " << act[fail_j] << printed_at << "\n";
        return {1, out.str()};
    }
    const ExpectedLine& e = exp[fail_i];
    out << e.chapter << ":" << e.md_line << ": the program's output differs from the chapter\n"
        << "  expected: " << e.text << "\n";
    if (fail_j < act.size())
        out << "  printed:  " << act[fail_j] << printed_at << "\n";
    else
        out << "  printed:  (nothing: the output ends after " << act.size() << " lines)\n";
    out << "  " << tolerance_note(e.tolerance) << "\n";
    return {1, out.str()};
}

}  // namespace outcheck
