/// @file diagnose.hpp
/// How an exercise's tests name a mistake, not only a number.
///
/// A test knows the usual wrong answers to its exercise (the derivative taken at A instead of
/// Z, db averaged instead of summed, a lost 1/n, ...): it computes what each would give on the
/// test's input and hands them to `matches` or `near` with what to tell the learner, in Spanish
/// and in English. When the learner's value is wrong and equals one of them, the failure says
/// which mistake it is; the diagnosis is printed again in the summary after all the checks
/// (exercises/common/main.cpp). Every exercise also ships these mistakes as compilable variants
/// of its solution (exercises/NN-name/mistakes/), and `make test` proves each one is caught
/// with its diagnosis.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "neurona/matrix.hpp"

namespace exercise_testing {

/// A diagnosis in Spanish and in English: a test file writes each one once, as a named
/// constant, and every check that can give it uses that constant.
struct Diagnosis {
    const char* es;
    const char* en;
};

/// One usual wrong answer to a matrix result: the value it gives on the test's input, and the
/// diagnosis in Spanish (`es`) and English (`en`).
struct Mistake {
    neurona::Matrix value;
    std::string es, en;
};

/// One usual wrong answer to a scalar result.
struct ScalarMistake {
    double value;
    std::string es, en;
};

/// Every diagnosis given so far in this run, in order, each once: (Spanish, English).
inline std::vector<std::pair<std::string, std::string>>& diagnoses() {
    static std::vector<std::pair<std::string, std::string>> given;
    return given;
}

/// Records a diagnosis for the summary and returns it as the two lines a failure prints:
/// "Diagnóstico: <es>" and "Diagnosis: <en>". A test may call it directly when it detects a
/// mistake by other means than a value (a shape, a statistic).
inline std::string diagnose(const std::string& es, const std::string& en) {
    auto& given = diagnoses();
    const std::pair<std::string, std::string> d{es, en};
    bool seen = false;
    for (const auto& g : given) seen = seen || g == d;
    if (!seen) given.push_back(d);
    return "Diagnóstico: " + es + "\nDiagnosis: " + en;
}

/// |a - b| <= atol + rtol * |b|, NaN never close (as numpy.isclose, the learner's value first).
inline bool close_value(double a, double b, double rtol, double atol) {
    return std::abs(a - b) <= atol + rtol * std::abs(b);
}

/// True when A and B have the same shape and every value is `close_value`.
inline bool close(const neurona::Matrix& A, const neurona::Matrix& B, double rtol, double atol) {
    if (!A.same_shape(B)) return false;
    for (std::size_t i = 0; i < A.size(); ++i)
        if (!close_value(A.values()[i], B.values()[i], rtol, atol)) return false;
    return true;
}

/// Matrices up to this many values are printed whole in a failure; a bigger one is described
/// by its shape and its first wrong value.
constexpr std::size_t kShownValues = 48;

/// Passes when `got` has `expected`'s shape and values (within rtol/atol, as `close`).
/// Otherwise the failure shows both matrices (for big ones, the first wrong value) and, when
/// `got` equals one of the `known` mistakes' values, that mistake's diagnosis; a 0 x 0 `got`
/// is the stub's untouched empty result (`return Matrix();`, an empty vector).
inline ::testing::AssertionResult matches(const neurona::Matrix& got, const neurona::Matrix& expected,
                                          const std::vector<Mistake>& known = {}, double rtol = 1e-5,
                                          double atol = 1e-6) {
    if (close(got, expected, rtol, atol)) return ::testing::AssertionSuccess();
    std::ostringstream why;
    if (got.size() <= kShownValues && expected.size() <= kShownValues) {
        why << "got " << got.shape() << ":\n" << got << "\nexpected " << expected.shape() << ":\n" << expected;
    } else if (!got.same_shape(expected)) {
        why << "got a " << got.shape() << " matrix, expected " << expected.shape();
    } else {  // a big matrix on one line reads as noise: its first wrong value says more
        std::size_t k = 0;
        while (k + 1 < got.size() && close_value(got.values()[k], expected.values()[k], rtol, atol)) ++k;
        why << "got a " << got.shape() << " matrix whose first wrong value is at (" << k / got.cols() << ", "
            << k % got.cols() << "): " << got.values()[k] << ", expected " << expected.values()[k];
    }
    if (got.rows() == 0 && got.cols() == 0) {
        why << "\n" << diagnose("la función todavía devuelve el resultado vacío del esqueleto: escríbela",
                                "the function still returns the stub's empty result: write it");
    } else {
        for (const Mistake& m : known)
            if (close(got, m.value, rtol, atol)) {
                why << "\n" << diagnose(m.es, m.en);
                break;
            }
    }
    return ::testing::AssertionFailure() << why.str();
}

/// Passes when |got - expected| <= tolerance; otherwise the failure names both values and,
/// when `got` is within the tolerance of a known mistake's value, its diagnosis.
inline ::testing::AssertionResult near(double got, double expected, double tolerance,
                                       const std::vector<ScalarMistake>& known = {}) {
    if (std::abs(got - expected) <= tolerance) return ::testing::AssertionSuccess();
    std::ostringstream why;
    why.precision(9);
    why << "got " << got << ", expected " << expected << " (tolerance " << tolerance << ")";
    for (const ScalarMistake& m : known)
        if (std::abs(got - m.value) <= tolerance) {
            why << "\n" << diagnose(m.es, m.en);
            break;
        }
    return ::testing::AssertionFailure() << why.str();
}

/// The mistake that gives `value` (a matrix) on the test's input, named by `d`.
inline Mistake mistake(const neurona::Matrix& value, const Diagnosis& d) { return {value, d.es, d.en}; }

/// The mistake that gives `value` (a scalar) on the test's input, named by `d`.
inline ScalarMistake mistake(double value, const Diagnosis& d) { return {value, d.es, d.en}; }

/// `diagnose(es, en)` for a named diagnosis.
inline std::string diagnose(const Diagnosis& d) { return diagnose(d.es, d.en); }

}  // namespace exercise_testing
