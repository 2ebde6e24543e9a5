// Exercise 13's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <utility>

#include "neurona/data/preprocessing.hpp"
#include "neurona/data/synthetic.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::pair<neurona::Matrix, neurona::Matrix> standard_scaler_fit(const neurona::Matrix& X);
neurona::Matrix standard_scaler_transform(const neurona::Matrix& X, const neurona::Matrix& mean,
                                          const neurona::Matrix& scale);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected, const char* what,
                                 Scalar rtol = 1e-5f, Scalar atol = 1e-6f) {
    if (!actual.same_shape(expected))
        return ::testing::AssertionFailure() << what << ": shape " << actual.shape() << ", expected " << expected.shape();
    if (!neurona::allclose(actual, expected, rtol, atol))
        return ::testing::AssertionFailure() << what << ": got\n" << actual << "\nexpected\n" << expected;
    return ::testing::AssertionSuccess();
}

// Column 0: 1, 2, 3, 6 (mean 3; deviations -2, -1, 0, 3; variance 14 / 4 = 3.5).
// Column 1: always 10 (variance 0: scale 1).
const Matrix kX{{1, 10}, {2, 10}, {3, 10}, {6, 10}};
const Scalar kSd = std::sqrt(3.5f);

TEST(StandardScaler, FitByHand) {
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    EXPECT_TRUE(Close(mean, Matrix{{3, 10}}, "mean"));
    EXPECT_TRUE(Close(scale, Matrix{{kSd, 1}}, "scale (a zero-variance column gets 1)"));
}

TEST(StandardScaler, TransformByHand) {
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    const Matrix Z = exercise::standard_scaler_transform(kX, mean, scale);
    EXPECT_TRUE(Close(Z, Matrix{{-2 / kSd, 0}, {-1 / kSd, 0}, {0, 0}, {3 / kSd, 0}}, "transform"))
        << "the constant column becomes 0, not NaN";
}

TEST(StandardScaler, UsesThePopulationStandardDeviation) {
    // (0, 2): mean 1, population sd 1 (sample sd sqrt(2)), so it becomes (-1, 1).
    const Matrix X{{0}, {2}};
    const auto [mean, scale] = exercise::standard_scaler_fit(X);
    EXPECT_TRUE(Close(scale, Matrix{{1}}, "scale: divide by n, not n - 1"));
    EXPECT_TRUE(Close(exercise::standard_scaler_transform(X, mean, scale), Matrix{{-1}, {1}}, "transform"));
}

TEST(StandardScaler, TransformedColumnsHaveMeanZeroAndStandardDeviationOne) {
    neurona::Rng rng(1);
    Matrix X = rng.normal_matrix(200, 3, 0, 1) * Matrix{{5, 0.01f, 300}} + Matrix{{-4, 7, 1000}};
    const auto [mean, scale] = exercise::standard_scaler_fit(X);
    const Matrix Z = exercise::standard_scaler_transform(X, mean, scale);
    ASSERT_EQ(Z.shape(), "(200, 3)");
    const Matrix z_mean = Z.mean(0);
    const Matrix z_sd = ((Z - z_mean) * (Z - z_mean)).mean(0).apply([](Scalar v) { return std::sqrt(v); });
    EXPECT_TRUE(Close(z_mean, Matrix{{0, 0, 0}}, "column means", 0, 1e-4f));
    EXPECT_TRUE(Close(z_sd, Matrix{{1, 1, 1}}, "column standard deviations", 0, 1e-4f));
}

TEST(StandardScaler, TestDataUsesTheTrainingStatistics) {
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    const Matrix X_test{{3, 10}, {3 + 2 * kSd, 12}};
    EXPECT_TRUE(Close(exercise::standard_scaler_transform(X_test, mean, scale), Matrix{{0, 0}, {2, 2}}, "test data"))
        << "(x - training mean) / training scale";
}

TEST(StandardScaler, MatchesTheLibraryOnTheCoursesCircles) {
    const neurona::Dataset d = neurona::make_circles(1000, 0.3, 0.07, 0);
    const neurona::Split s = neurona::train_test_split(d.X * 100.0f, d.y, 0.2, 0);
    neurona::StandardScaler sc;
    sc.fit(s.X_train);
    const auto [mean, scale] = exercise::standard_scaler_fit(s.X_train);
    EXPECT_TRUE(Close(mean, sc.mean(), "mean", 1e-4f, 1e-4f));
    EXPECT_TRUE(Close(scale, sc.scale(), "scale", 1e-5f));
    EXPECT_TRUE(Close(exercise::standard_scaler_transform(s.X_test, mean, scale), sc.transform(s.X_test),
                      "transformed X_test", 1e-4f, 1e-5f));
}

TEST(StandardScaler, Errors) {
    EXPECT_THROW(exercise::standard_scaler_fit(Matrix(0, 3)), std::invalid_argument) << "no rows";
    const auto [mean, scale] = exercise::standard_scaler_fit(kX);
    EXPECT_THROW(exercise::standard_scaler_transform(Matrix(2, 3), mean, scale), std::invalid_argument)
        << "3 columns, fitted on 2";
}

}  // namespace
