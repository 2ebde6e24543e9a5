// Exercise 08's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar softmax_crossentropy(const neurona::Matrix& Z, const neurona::Matrix& Y);
neurona::Matrix softmax_crossentropy_gradient(const neurona::Matrix& Z, const neurona::Matrix& Y);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

// Tolerance of the gradient check, relative to the gradient's size: float rounding gives about
// 1e-7 of it, the double central difference about 1e-9; without the 1/batch (batch 4) the
// gradient is 4 times too large, an error of 3.
constexpr double kTolerance = 1e-4;

::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected) {
    if (!actual.same_shape(expected))
        return ::testing::AssertionFailure() << "shape " << actual.shape() << ", expected " << expected.shape();
    if (!neurona::allclose(actual, expected, 1e-5f, 1e-6f))
        return ::testing::AssertionFailure() << "got\n" << actual << "\nexpected\n" << expected;
    return ::testing::AssertionSuccess();
}

// Logits in [-3, 3) for 4 samples and 5 classes, and one-hot labels, fixed by the seed.
std::pair<Matrix, Matrix> random_batch(std::uint64_t seed) {
    neurona::Rng rng(seed);
    Matrix Z = rng.uniform_matrix(4, 5, -3, 3);
    Matrix labels(4, 1);
    for (std::size_t r = 0; r < 4; ++r) labels(r, 0) = static_cast<Scalar>(rng.below(5));
    return {Z, neurona::to_categorical(labels, 5)};
}

TEST(SoftmaxCrossentropy, HandComputedValues) {
    // Equal logits: P = (1/2, 1/2), L = -log(1/2).
    EXPECT_NEAR(exercise::softmax_crossentropy(Matrix{{0, 0}}, Matrix{{1, 0}}), std::log(2.0), 1e-6);
    // Two rows: P = (1/2, 1/2) and (1/4, 3/4); L = (ln 2 - ln 0.75) / 2.
    const Matrix Z{{0, 0}, {0, std::log(3.0f)}}, Y{{1, 0}, {0, 1}};
    EXPECT_NEAR(exercise::softmax_crossentropy(Z, Y), (std::log(2.0) - std::log(0.75)) / 2, 1e-6);
}

TEST(SoftmaxCrossentropy, MatchesTheLibrary) {
    const auto [Z, Y] = random_batch(1);
    EXPECT_NEAR(exercise::softmax_crossentropy(Z, Y),
                neurona::categorical_crossentropy(Y, neurona::softmax(Z)), 1e-5);
}

TEST(SoftmaxCrossentropy, ExactAndFiniteForLargeLogits) {
    // A confident wrong answer: -log P_1 = log(e^100 + e^0) - 0 = 100 (+ e^-100).
    const Scalar wrong = exercise::softmax_crossentropy(Matrix{{100, 0}}, Matrix{{0, 1}});
    EXPECT_NEAR(wrong, 100, 1e-4) << "clipping P to 1e-7 would give 16.1";
    // A confident right answer: about e^-200, that is 0.
    EXPECT_NEAR(exercise::softmax_crossentropy(Matrix{{-100, 100}}, Matrix{{0, 1}}), 0, 1e-6);
    // Beyond double's range too (e^1000 overflows it, e^-1000 underflows to 0): the row
    // maximum must be taken out.
    EXPECT_NEAR(exercise::softmax_crossentropy(Matrix{{1000, 0}}, Matrix{{0, 1}}), 1000, 1e-3);
    EXPECT_NEAR(exercise::softmax_crossentropy(Matrix{{-1000, -1000}}, Matrix{{1, 0}}), std::log(2.0), 1e-6);
}

TEST(SoftmaxCrossentropyGradient, HandComputedValues) {
    EXPECT_TRUE(Close(exercise::softmax_crossentropy_gradient(Matrix{{0, 0}}, Matrix{{1, 0}}), Matrix{{-0.5, 0.5}}));
    // (P - Y) / 2 with P = (1/2, 1/2) and (1/4, 3/4).
    const Matrix Z{{0, 0}, {0, std::log(3.0f)}}, Y{{1, 0}, {0, 1}};
    EXPECT_TRUE(Close(exercise::softmax_crossentropy_gradient(Z, Y), Matrix{{-0.25, 0.25}, {0.125, -0.125}}));
}

TEST(SoftmaxCrossentropyGradient, FiniteForLargeLogits) {
    EXPECT_TRUE(Close(exercise::softmax_crossentropy_gradient(Matrix{{100, 0}, {-100, 100}}, Matrix{{0, 1}, {0, 1}}),
                      Matrix{{0.5, -0.5}, {0, 0}}));
}

TEST(SoftmaxCrossentropyGradient, MatchesTheLibrarysChain) {
    // The long way: softmax's backward applied to the cross-entropy's gradient dL/dP.
    const auto [Z, Y] = random_batch(2);
    const Matrix P = neurona::softmax(Z);
    const Matrix expected =
        neurona::get_activation("softmax").backward(Z, P, neurona::categorical_crossentropy_gradient(Y, P));
    EXPECT_TRUE(Close(exercise::softmax_crossentropy_gradient(Z, Y), expected));
}

double gradient_error(Matrix (*gradient)(const Matrix&, const Matrix&)) {
    const auto [Z, Y] = random_batch(3);
    const std::vector<double> y = exercise_testing::to_doubles(Y);
    const std::size_t classes = Z.cols();
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& z) {
            double L = 0;
            const std::size_t batch = z.size() / classes;
            for (std::size_t r = 0; r < batch; ++r) {
                double sum = 0;
                for (std::size_t k = 0; k < classes; ++k) sum += std::exp(z[r * classes + k]);
                for (std::size_t j = 0; j < classes; ++j)
                    L -= y[r * classes + j] * std::log(std::exp(z[r * classes + j]) / sum);
            }
            return L / static_cast<double>(batch);
        },
        Z);
    return exercise_testing::relative_error(gradient(Z, Y), numerical);
}

TEST(SoftmaxCrossentropyGradient, MatchesCentralDifferences) {
    EXPECT_LT(gradient_error(exercise::softmax_crossentropy_gradient), kTolerance);
}

TEST(SoftmaxCrossentropyGradient, TheCheckCatchesAMissingDivisionByTheBatch) {
    EXPECT_GT(gradient_error([](const Matrix& Z, const Matrix& Y) { return neurona::softmax(Z) - Y; }), 1e-2);
    EXPECT_LT(gradient_error([](const Matrix& Z, const Matrix& Y) {
                  return (neurona::softmax(Z) - Y) / static_cast<Scalar>(Z.rows());
              }),
              kTolerance);
}

}  // namespace
