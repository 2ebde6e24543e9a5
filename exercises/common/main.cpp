// The main() of every exercise's tests, in place of GoogleTest's: it prints what was checked
// as a list a learner reads (✓ or ✗ in plain words, and under a ✗ what was wrong), then every
// diagnosis the tests gave (common/diagnose.hpp), then the one command to run next.
//
// `make exercise N=07` sets NEURONA_EXERCISE (07-dense-backward) and NEURONA_EXERCISE_NEXT
// (the command for the next exercise), which this file turns into the closing advice. The exit
// status is GoogleTest's: 0 when every check passes, 1 when one fails; a crash stays a signal.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "common/diagnose.hpp"

namespace {

// A test's name in plain words: "MatchesCentralDifferences" -> "matches central
// differences", "ToleratesNaN" -> "tolerates NaN" (NaN is one word), "WinsATie" -> "wins a tie", "AtScoresOf100" -> "at scores of 100". A capital starts a word after a lower-case
// letter or a digit, or before a lower-case letter; it is lowered when a lower-case letter
// follows (a plain word) and kept otherwise (NaN, MSE). The course's gradient names stay whole:
// a word that is only "d" does not end before its capital ("dW", "dA").
std::string plain_words(const std::string& name) {
    auto at = [&](std::size_t i) { return i < name.size() ? name[i] : '\0'; };
    auto lower = [](char c) { return std::islower(static_cast<unsigned char>(c)) != 0; };
    auto upper = [](char c) { return std::isupper(static_cast<unsigned char>(c)) != 0; };
    auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; };
    std::string words, word;
    auto end_word = [&] {
        if (!word.empty()) words += (words.empty() ? "" : " ") + word;
        word.clear();
    };
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == '_') { end_word(); continue; }
        if (name.compare(i, 3, "NaN") == 0) {
            end_word();
            word = "NaN";
            i += 2;
            continue;
        }
        const bool boundary = upper(c) && i > 0 &&
                              (lower(at(i - 1)) || digit(at(i - 1)) || (upper(at(i - 1)) && lower(at(i + 1))));
        const bool number_starts = digit(c) && i > 0 && (lower(at(i - 1)) || upper(at(i - 1)));
        if ((boundary && word != "d") || number_starts) end_word();
        // A capital that starts a word is lowered when a plain word follows: its own ("Matches"), or
        // the next one after a one-letter word ("WinsATie" -> "wins a tie").
        const bool plain = lower(at(i + 1)) || (upper(at(i + 1)) && lower(at(i + 2)));
        word += upper(c) && plain && word.empty() ? static_cast<char>(std::tolower(c)) : c;
    }
    end_word();
    return words;
}

// The text of a failure, indented, cut after 24 lines; a diagnosis line is never cut.
std::string indented(const std::string& text, const std::string& prefix) {
    std::istringstream in(text);
    std::string line, out;
    for (int n = 0; std::getline(in, line); ++n) {
        const bool diagnosis = line.rfind("Diagnóstico: ", 0) == 0 || line.rfind("Diagnosis: ", 0) == 0;
        if (n < 24 || diagnosis) out += prefix + line + "\n";
        else if (n == 24) out += prefix + "...\n";
    }
    return out;
}

// EXPECT_TRUE(matches(...)) fails with "Value of: <the call>\n  Actual: false (<why>)\nExpected:
// true"; the learner needs only <why>, which names the values and the mistake.
std::string readable(const std::string& message) {
    const std::string open = "\n  Actual: false (", close = ")\nExpected: true";
    const auto begin = message.find(open);
    const auto end = message.rfind(close);
    if (message.rfind("Value of: ", 0) != 0 || begin == std::string::npos || end == std::string::npos || end < begin)
        return message;
    return message.substr(begin + open.size(), end - begin - open.size()) + message.substr(end + close.size());
}

class LearnerPrinter : public ::testing::EmptyTestEventListener {
    void OnTestEnd(const ::testing::TestInfo& test) override {
        const auto* result = test.result();
        std::cout << (result->Passed() ? "  ✓ " : "  ✗ ") << test.test_suite_name() << ": "
                  << plain_words(test.name()) << "\n";
        // The first failure of a check is enough to act on; the others are counted.
        int failures = 0;
        for (int i = 0; i < result->total_part_count(); ++i) {
            const auto& part = result->GetTestPartResult(i);
            if (!part.failed() || failures++ > 0) continue;
            std::cout << indented(readable(part.message()), "      ");
            if (part.file_name()) std::cout << "      (" << part.file_name() << ":" << part.line_number() << ")\n";
        }
        if (failures > 1) std::cout << "      (+" << failures - 1 << " more / más)\n";
    }

    void OnTestProgramEnd(const ::testing::UnitTest& unit) override {
        const int total = unit.test_to_run_count(), passed = unit.successful_test_count();
        std::cout << "\n" << passed << " de " << total << " comprobaciones correctas / " << passed << " of "
                  << total << " checks pass\n";
        const auto& found = exercise_testing::diagnoses();
        if (!found.empty()) {
            std::cout << "\nQué falló / What went wrong:\n";
            for (const auto& [es, en] : found) std::cout << "  - " << es << "\n    " << en << "\n";
        }
        const char* exercise = std::getenv("NEURONA_EXERCISE");
        if (!exercise || !*exercise) return;
        const char* next = std::getenv("NEURONA_EXERCISE_NEXT");
        std::cout << "\n";
        if (passed == total) {
            std::cout << "Ejercicio resuelto. / Exercise solved.\n";
            if (next && *next) std::cout << "Siguiente / Next: " << next << "\n";
            std::cout << "Tu avance / Your progress: make progress\n";
        } else {
            std::cout << "Corrige / Fix exercises/" << exercise << "/exercise.cpp, luego / then: make exercise N="
                      << std::string(exercise).substr(0, 2) << "\n";
        }
    }
};

}  // namespace

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    auto& listeners = ::testing::UnitTest::GetInstance()->listeners();
    delete listeners.Release(listeners.default_result_printer());
    listeners.Append(new LearnerPrinter);
    return RUN_ALL_TESTS();
}
