// Exercise 05's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "common/numerical.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar binary_crossentropy(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
neurona::Matrix binary_crossentropy_gradient(const neurona::Matrix& y_true,
                                             const neurona::Matrix& y_pred);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

// Tolerance of the gradient check, relative to the gradient's size: the float gradient is off
// by about 1e-6 of it, the double central difference (h = 1e-6, p in [0.05, 0.95]) by about
// 1e-8; a forgotten term or 1/n is off by 0.3 or more.
constexpr double kTolerance = 1e-4;

// Labels in {0, 1} and predictions in [0.05, 0.95), (6, 2), fixed by the seed.
std::pair<Matrix, Matrix> random_batch(std::uint64_t seed) {
    neurona::Rng rng(seed);
    Matrix y = rng.uniform_matrix(6, 2, 0, 1).apply([](Scalar u) { return u < 0.5f ? Scalar(0) : Scalar(1); });
    return {y, rng.uniform_matrix(6, 2, 0.05, 0.95)};
}

TEST(BinaryCrossentropy, HandComputedValues) {
    EXPECT_NEAR(exercise::binary_crossentropy(Matrix{{1}}, Matrix{{0.5}}), std::log(2.0), 1e-6);
    EXPECT_NEAR(exercise::binary_crossentropy(Matrix{{0}}, Matrix{{0.5}}), std::log(2.0), 1e-6);
    // -(ln 0.9 + ln 0.8) / 2
    EXPECT_NEAR(exercise::binary_crossentropy(Matrix{{1, 0}}, Matrix{{0.9f, 0.2f}}), 0.164252033486018, 1e-6);
    EXPECT_NEAR(exercise::binary_crossentropy(Matrix{{1}, {0}}, Matrix{{0.9f}, {0.2f}}), 0.164252033486018, 1e-6);
}

TEST(BinaryCrossentropy, PerfectPredictionIsAboutZero) {
    const Scalar L = exercise::binary_crossentropy(Matrix{{1, 0, 1}}, Matrix{{1, 0, 1}});
    EXPECT_FALSE(std::isnan(L));
    EXPECT_NEAR(L, 0, 1e-6) << "p = 1 is clipped to 1 - 1e-7: the loss is about 1e-7, not NaN";
}

TEST(BinaryCrossentropy, ConfidentlyWrongIsFiniteBecauseOfTheClip) {
    // p = 0 for y = 1: log(0) = -inf without the clip; with it, -log(1e-7) = 16.118.
    // (p = 1 for y = 0 gives -log(1 - (1 - 1e-7)), about 15.9 in float, where 1 - 1e-7 rounds.)
    for (const auto& [y, p] : {std::pair{Scalar(1), Scalar(0)}, std::pair{Scalar(0), Scalar(1)}}) {
        const Scalar L = exercise::binary_crossentropy(Matrix{{y}}, Matrix{{p}});
        EXPECT_TRUE(std::isfinite(L)) << "y = " << y << ", p = " << p << ": " << L;
        EXPECT_GT(L, 15.5) << "y = " << y << ", p = " << p;
        EXPECT_LT(L, 16.5) << "y = " << y << ", p = " << p;
    }
}

TEST(BinaryCrossentropy, MatchesTheLibrary) {
    const auto [y, p] = random_batch(1);
    EXPECT_NEAR(exercise::binary_crossentropy(y, p), neurona::binary_crossentropy(y, p), 1e-5);
}

TEST(BinaryCrossentropy, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::binary_crossentropy(Matrix(2, 1, 0.5), Matrix(1, 2, 0.5)), std::invalid_argument);
}

TEST(BinaryCrossentropyGradient, HandComputedValues) {
    // y = 1, p = 0.5: (0.5 - 1) / 0.25 = -2.
    EXPECT_TRUE(neurona::allclose(exercise::binary_crossentropy_gradient(Matrix{{1}}, Matrix{{0.5}}), Matrix{{-2}}));
    // y = (1, 0), p = (0.9, 0.2): (-0.1 / 0.09, 0.2 / 0.16) / 2.
    const Matrix g = exercise::binary_crossentropy_gradient(Matrix{{1, 0}}, Matrix{{0.9f, 0.2f}});
    EXPECT_TRUE(neurona::allclose(g, Matrix{{-0.1f / 0.09f / 2, 0.625f}}, 1e-5f)) << g;
}

TEST(BinaryCrossentropyGradient, IsZeroWherePredictionsWereClipped) {
    const Matrix g = exercise::binary_crossentropy_gradient(Matrix{{1, 0, 1}}, Matrix{{0, 1, 0.5}});
    ASSERT_TRUE(g.same_shape(Matrix(1, 3))) << "shape " << g.shape();
    EXPECT_EQ(g(0, 0), 0);
    EXPECT_EQ(g(0, 1), 0);
    EXPECT_NEAR(g(0, 2), -2.0 / 3, 1e-6);  // (0.5 - 1) / 0.25 / 3
}

// The largest error, relative to the gradient's size, against central differences of the loss.
double gradient_error(Matrix (*gradient)(const Matrix&, const Matrix&)) {
    const auto [y, p] = random_batch(2);
    const std::vector<double> yd = exercise_testing::to_doubles(y);
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& pd) {
            double sum = 0;
            for (std::size_t i = 0; i < pd.size(); ++i)
                sum += yd[i] * std::log(pd[i]) + (1 - yd[i]) * std::log(1 - pd[i]);
            return -sum / static_cast<double>(pd.size());
        },
        p);
    const Matrix analytic = gradient(y, p);
    return exercise_testing::relative_error(analytic, numerical);
}

TEST(BinaryCrossentropyGradient, MatchesCentralDifferences) {
    EXPECT_LT(gradient_error(exercise::binary_crossentropy_gradient), kTolerance);
}

TEST(BinaryCrossentropyGradient, TheCheckCatchesCommonMistakes) {
    // -y / p / n: the (1 - y) log(1 - p) term forgotten.
    EXPECT_GT(gradient_error([](const Matrix& y, const Matrix& p) {
                  return -(y / p) / static_cast<Scalar>(p.size());
              }),
              1e-2);
    // The 1/n forgotten.
    EXPECT_GT(gradient_error([](const Matrix& y, const Matrix& p) {
                  return (p - y) / (p * (1.0f - p));
              }),
              1e-2);
    EXPECT_LT(gradient_error(neurona::binary_crossentropy_gradient), kTolerance);
}

TEST(BinaryCrossentropyGradient, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::binary_crossentropy_gradient(Matrix(2, 1, 0.5), Matrix(1, 2, 0.5)),
                 std::invalid_argument);
}

}  // namespace
