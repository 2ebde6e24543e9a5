// Exercise 03's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix softmax(const neurona::Matrix& Z);
neurona::Matrix softmax_backward(const neurona::Matrix& A, const neurona::Matrix& dA);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

// Tolerance of the gradient check, relative to the gradient's size (gradcheck.hpp's
// max_relative_error): the learner's float backward is off by about 1e-7 of it, the double
// central difference by about 1e-9; the elementwise guess dA * A (1 - A) is off by 1e-1.
constexpr double kTolerance = 1e-4;

bool all_finite(const Matrix& m) {
    for (Scalar v : m.values())
        if (!std::isfinite(v)) return false;
    return true;
}

::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected, Scalar atol = 1e-6f) {
    if (!actual.same_shape(expected))
        return ::testing::AssertionFailure() << "shape " << actual.shape() << ", expected " << expected.shape();
    if (!neurona::allclose(actual, expected, 1e-5f, atol))
        return ::testing::AssertionFailure() << "got\n" << actual << "\nexpected\n" << expected;
    return ::testing::AssertionSuccess();
}

Matrix random_scores(std::uint64_t seed, double range, std::size_t rows = 5, std::size_t cols = 7) {
    neurona::Rng rng(seed);
    return rng.uniform_matrix(rows, cols, -range, range);
}

TEST(Softmax, HandComputedValues) {
    // e^0 : e^ln2 : e^ln3 = 1 : 2 : 3, so the probabilities are 1/6, 2/6, 3/6.
    const Scalar l2 = std::log(2.0f), l3 = std::log(3.0f);
    EXPECT_TRUE(Close(exercise::softmax(Matrix{{0, l2, l3}}), Matrix{{1.f / 6, 2.f / 6, 3.f / 6}}));
    EXPECT_TRUE(Close(exercise::softmax(Matrix{{5, 5}, {-1, -1}}), Matrix{{0.5, 0.5}, {0.5, 0.5}}));
    EXPECT_TRUE(Close(exercise::softmax(Matrix{{-7}, {3}}), Matrix{{1}, {1}}));
}

TEST(Softmax, RowsAreProbabilities) {
    const Matrix A = exercise::softmax(random_scores(1, 5));
    ASSERT_TRUE(A.same_shape(Matrix(5, 7))) << "shape " << A.shape();
    for (std::size_t r = 0; r < A.rows(); ++r) {
        Scalar sum = 0;
        for (std::size_t c = 0; c < A.cols(); ++c) {
            EXPECT_GE(A(r, c), 0);
            EXPECT_LE(A(r, c), 1);
            sum += A(r, c);
        }
        EXPECT_NEAR(sum, 1, 1e-6) << "row " << r;
    }
}

TEST(Softmax, AddingAConstantToARowChangesNothing) {
    const Matrix Z = random_scores(2, 3);
    EXPECT_TRUE(Close(exercise::softmax(Z + 10.0f), exercise::softmax(Z)));
    EXPECT_TRUE(Close(exercise::softmax(Z - 10.0f), neurona::softmax(Z)));
}

// Scores of +-100: e^100 is about 2.7e43, beyond float's largest value (3.4e38).
const Matrix kLarge{{100, 100 + std::log(3.0f)}, {-100, -100}, {100, -100}, {-100, 100}};
const Matrix kLargeExpected{{0.25, 0.75}, {0.5, 0.5}, {1, 0}, {0, 1}};

TEST(Softmax, StableAtScoresOfPlusMinus100) {
    const Matrix A = exercise::softmax(kLarge);
    EXPECT_TRUE(all_finite(A)) << A;
    EXPECT_TRUE(Close(A, kLargeExpected)) << "(exact answer: e^-200 is 0 in float)";
}

TEST(Softmax, TheStabilityTestCatchesTheTextbookFormula) {
    // The textbook formula, e^Z / sum e^Z, with no shift.
    Matrix A = kLarge.apply([](Scalar z) { return std::exp(z); });
    for (std::size_t r = 0; r < A.rows(); ++r) {
        const Scalar sum = A(r, 0) + A(r, 1);
        A(r, 0) /= sum;
        A(r, 1) /= sum;
    }
    EXPECT_FALSE(all_finite(A)) << "e^100 / (e^100 + ...) is inf / inf = NaN in float";
}

TEST(Softmax, MatchesTheLibrary) {
    const Matrix Z = random_scores(3, 20);
    EXPECT_TRUE(Close(exercise::softmax(Z), neurona::softmax(Z)));
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

TEST(SoftmaxBackward, MatchesTheLibrary) {
    const Matrix Z = random_scores(6, 4), dA = random_scores(7, 1);
    const Matrix A = neurona::softmax(Z);
    EXPECT_TRUE(Close(exercise::softmax_backward(A, dA), neurona::get_activation("softmax").backward(Z, A, dA)));
}

// The elementwise guess, as if softmax were a sigmoid per element.
Matrix elementwise_backward(const Matrix& A, const Matrix& dA) { return dA * A * (1.0f - A); }

TEST(SoftmaxBackward, TheCheckCatchesTheElementwiseGuess) {
    EXPECT_GT(backward_error(elementwise_backward), 1e-2);
}

}  // namespace
