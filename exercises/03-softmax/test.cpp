// Exercise 03's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix softmax(const neurona::Matrix& Z);
neurona::Matrix softmax_backward(const neurona::Matrix& A, const neurona::Matrix& dA);
}  // namespace exercise

namespace {

using exercise_testing::matches;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
using exercise_testing::diagnose;
const Diagnosis kNoShift{
    "softmax da NaN con puntuaciones de +100: e^100 desborda un float a inf, e inf / inf = NaN; "
    "resta a cada fila su máximo antes de exp",
    "softmax gives NaN at scores of +100: e^100 overflows a float to inf, and inf / inf = NaN; "
    "subtract each row's maximum before exp"};
const Diagnosis kMatrixMax{
    "se restó el máximo de toda la matriz, no el de cada fila: en una fila muy por debajo (-100 frente a +100) "
    "todos los e^x dan 0, y 0 / 0 = NaN; resta a cada fila su propio máximo",
    "the whole matrix's maximum was subtracted, not each row's: in a row far below it (-100 against +100) "
    "every e^x is 0, and 0 / 0 = NaN; subtract each row's own maximum"};
const Diagnosis kColumns{
    "cada columna suma 1, no cada fila: softmax normaliza sobre las clases de una muestra (una fila), "
    "no sobre el lote (una columna)",
    "each column sums to 1, not each row: softmax normalises over the classes of one sample (a row), "
    "not over the batch (a column)"};
const Diagnosis kElementwise{
    "dZ = dA * A (1 - A) trata softmax como si fuera elemento a elemento, pero cada salida depende de toda su "
    "fila: dZ_i = A_i (dA_i - sum_j dA_j A_j)",
    "dZ = dA * A (1 - A) treats softmax as elementwise, but each output depends on its whole row: "
    "dZ_i = A_i (dA_i - sum_j dA_j A_j)"};


// Tolerance of the gradient check, relative to the gradient's size (gradcheck.hpp's
// max_relative_error): the learner's float backward is off by about 1e-7 of it, the double
// central difference by about 1e-9; the elementwise guess dA * A (1 - A) is off by 0.7.
constexpr double kTolerance = 1e-4;

bool all_finite(const Matrix& m) {
    for (Scalar v : m.values())
        if (!std::isfinite(v)) return false;
    return true;
}

// True when A and B have the same shape and are not finite (inf or NaN) at the same places.
bool same_non_finite(const Matrix& A, const Matrix& B) {
    if (!A.same_shape(B)) return false;
    for (std::size_t i = 0; i < A.size(); ++i)
        if (std::isfinite(A.values()[i]) != std::isfinite(B.values()[i])) return false;
    return true;
}

// Row-wise softmax, in float as the learner's, with A_ij = e^(Z_ij - m_i) / sum_k e^(Z_ik - m_i)
// where m_i is each row's maximum (right), 0 (the textbook formula) or the whole matrix's maximum.
enum class Shift { RowMax, None, MatrixMax };
Matrix softmax_with(const Matrix& Z, Shift shift) {
    Matrix A(Z.rows(), Z.cols());
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        const Scalar* z = Z.row_ptr(r);
        const Scalar m = shift == Shift::RowMax ? *std::max_element(z, z + Z.cols())
                         : shift == Shift::None ? 0
                                                : Z.max();
        Scalar sum = 0;
        for (std::size_t c = 0; c < Z.cols(); ++c) sum += (A(r, c) = std::exp(z[c] - m));
        for (std::size_t c = 0; c < Z.cols(); ++c) A(r, c) /= sum;
    }
    return A;
}

// The softmax of each column (over the batch) instead of each row.
Matrix column_softmax(const Matrix& Z) { return softmax_with(Z.T(), Shift::RowMax).T(); }

// What a softmax that is not finite on `Z` tells of its mistake: the diagnosis of the known
// mistake that is not finite at the same places, or nothing.
std::string overflow_diagnosis(const Matrix& A, const Matrix& Z) {
    if (all_finite(A)) return "";
    if (same_non_finite(A, softmax_with(Z, Shift::None))) return "\n" + diagnose(kNoShift);
    if (same_non_finite(A, softmax_with(Z, Shift::MatrixMax))) return "\n" + diagnose(kMatrixMax);
    return "";
}

// The learner's softmax of Z against `expected`, naming the column mistake.
::testing::AssertionResult softmax_matches(const Matrix& Z, const Matrix& expected) {
    return matches(exercise::softmax(Z), expected, {mistake(column_softmax(Z), kColumns)});
}

Matrix random_scores(std::uint64_t seed, double range, std::size_t rows = 5, std::size_t cols = 7) {
    neurona::Rng rng(seed);
    return rng.uniform_matrix(rows, cols, -range, range);
}

TEST(Softmax, HandComputedValues) {
    // e^0 : e^ln2 : e^ln3 = 1 : 2 : 3, so the probabilities are 1/6, 2/6, 3/6.
    const Scalar l2 = std::log(2.0f), l3 = std::log(3.0f);
    EXPECT_TRUE(softmax_matches(Matrix{{0, l2, l3}}, Matrix{{1.f / 6, 2.f / 6, 3.f / 6}}));
    EXPECT_TRUE(softmax_matches(Matrix{{5, 5}, {-1, -1}}, Matrix{{0.5, 0.5}, {0.5, 0.5}}));
    EXPECT_TRUE(softmax_matches(Matrix{{-7}, {3}}, Matrix{{1}, {1}}));
}

TEST(Softmax, RowsAreProbabilities) {
    const Matrix A = exercise::softmax(random_scores(1, 5));
    ASSERT_TRUE(A.same_shape(Matrix(5, 7))) << "shape " << A.shape();
    const Matrix column_sums = A.sum(0);
    const bool columns_sum_to_one = neurona::allclose(column_sums, Matrix(1, A.cols(), 1), 1e-5f, 1e-5f);
    for (std::size_t r = 0; r < A.rows(); ++r) {
        Scalar sum = 0;
        for (std::size_t c = 0; c < A.cols(); ++c) {
            EXPECT_GE(A(r, c), 0);
            EXPECT_LE(A(r, c), 1);
            sum += A(r, c);
        }
        EXPECT_NEAR(sum, 1, 1e-6) << "row " << r << (columns_sum_to_one ? "\n" + diagnose(kColumns) : "");
    }
}

TEST(Softmax, ShiftingEachRowByTheSameNumberChangesNothing) {
    const Matrix Z = random_scores(2, 3);
    EXPECT_TRUE(matches(exercise::softmax(Z + 10.0f), exercise::softmax(Z)));
    EXPECT_TRUE(softmax_matches(Z - 10.0f, neurona::softmax(Z)));
}

// Scores of +-100: e^100 is about 2.7e43, beyond float's largest value (3.4e38).
const Matrix kLarge{{100, 100 + std::log(3.0f)}, {-100, -100}, {100, -100}, {-100, 100}};
const Matrix kLargeExpected{{0.25, 0.75}, {0.5, 0.5}, {1, 0}, {0, 1}};

TEST(Softmax, StableAtScoresOfPlusMinus100) {
    const Matrix A = exercise::softmax(kLarge);
    EXPECT_TRUE(all_finite(A)) << A << overflow_diagnosis(A, kLarge);
    EXPECT_TRUE(softmax_matches(kLarge, kLargeExpected)) << "(exact answer: e^-200 is 0 in float)";
}

TEST(Softmax, TheStabilityTestCatchesTheTextbookFormula) {
    // The textbook formula, e^Z / sum e^Z, with no shift.
    EXPECT_FALSE(all_finite(softmax_with(kLarge, Shift::None))) << "e^100 / (e^100 + ...) is inf / inf = NaN in float";
    // The shift by the whole matrix's maximum, 100 + ln 3: the row (-100, -100) gives 0 / 0.
    EXPECT_FALSE(all_finite(softmax_with(kLarge, Shift::MatrixMax))) << "e^-201 / (e^-201 + e^-201) is 0 / 0 = NaN";
    EXPECT_TRUE(all_finite(softmax_with(kLarge, Shift::RowMax)));
}

TEST(Softmax, MatchesTheLibrary) {
    const Matrix Z = random_scores(3, 20);
    EXPECT_TRUE(softmax_matches(Z, neurona::softmax(Z)));
}

// L(Z) = sum(softmax(Z) * R) in double: dL/dA = R, so backward(softmax(Z), R) must be dL/dZ.
double backward_error(Matrix (*backward)(const Matrix&, const Matrix&)) {
    const Matrix Z = random_scores(4, 2, 4, 5), R = random_scores(5, 1, 4, 5);
    const std::vector<double> r = exercise_testing::to_doubles(R);
    const std::size_t cols = Z.cols();
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& z) {
            double L = 0;
            for (std::size_t row = 0; row < z.size() / cols; ++row) {
                double sum = 0;
                for (std::size_t c = 0; c < cols; ++c) sum += std::exp(z[row * cols + c]);
                for (std::size_t c = 0; c < cols; ++c)
                    L += std::exp(z[row * cols + c]) / sum * r[row * cols + c];
            }
            return L;
        },
        Z);
    const Matrix analytic = backward(neurona::softmax(Z), R);
    return exercise_testing::relative_error(analytic, numerical);
}

TEST(SoftmaxBackward, MatchesCentralDifferences) {
    EXPECT_LT(backward_error(exercise::softmax_backward), kTolerance);
}

// The elementwise guess, as if softmax were a sigmoid per element.
Matrix elementwise_backward(const Matrix& A, const Matrix& dA) { return dA * A * (1.0f - A); }

TEST(SoftmaxBackward, MatchesTheLibrary) {
    const Matrix Z = random_scores(6, 4), dA = random_scores(7, 1);
    const Matrix A = neurona::softmax(Z);
    EXPECT_TRUE(matches(exercise::softmax_backward(A, dA), neurona::get_activation("softmax").backward(Z, A, dA),
                        {mistake(elementwise_backward(A, dA), kElementwise)}));
}

TEST(SoftmaxBackward, TheCheckCatchesTheElementwiseGuess) {
    EXPECT_GT(backward_error(elementwise_backward), 1e-2);
}

}  // namespace
