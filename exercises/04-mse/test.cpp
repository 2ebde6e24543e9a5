// Exercise 04's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <stdexcept>
#include <vector>

#include "common/numerical.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar mse(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
neurona::Matrix mse_gradient(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

// Tolerance of the gradient check, relative to the gradient's size: the float gradient is off
// by about 1e-7 of it and the double central difference is exact for a quadratic (up to about
// 1e-10); a dropped 2 or 1/n is off by 0.5 or more.
constexpr double kTolerance = 1e-4;

// The course's example (section 1.9): real = (0, 0, 1, 1), prediction = (0.9, 0.5, 0.2, 0).
const Matrix kY = Matrix::column_vector({0, 0, 1, 1});
const Matrix kP = Matrix::column_vector({0.9f, 0.5f, 0.2f, 0});

TEST(Mse, TheCoursesExample) {
    // (0.81 + 0.25 + 0.64 + 1) / 4 = 0.675
    EXPECT_NEAR(exercise::mse(kY, kP), 0.675, 1e-6);
    EXPECT_NEAR(exercise::mse(kY.T(), kP.T()), 0.675, 1e-6) << "as a (1, 4) row";
}

TEST(Mse, HandComputedMatrix) {
    // Only one element differs, by 2: 4 / 4 elements = 1.
    EXPECT_NEAR(exercise::mse(Matrix{{1, 2}, {3, 4}}, Matrix{{1, 2}, {3, 6}}), 1, 1e-6);
    // Means over outputs and batch: (1 + 4 + 9 + 0 + 0 + 0) / 6.
    EXPECT_NEAR(exercise::mse(Matrix{{0, 0, 0}, {1, 1, 1}}, Matrix{{1, -2, 3}, {1, 1, 1}}), 14.0 / 6, 1e-6);
}

TEST(Mse, PerfectPredictionIsZero) {
    EXPECT_EQ(exercise::mse(kP, kP), 0);
}

TEST(Mse, MatchesTheLibrary) {
    neurona::Rng rng(1);
    const Matrix y = rng.uniform_matrix(5, 3, -2, 2), p = rng.uniform_matrix(5, 3, -2, 2);
    EXPECT_NEAR(exercise::mse(y, p), neurona::mse(y, p), 1e-5);
}

TEST(Mse, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::mse(Matrix(2, 1), Matrix(1, 2)), std::invalid_argument);
    EXPECT_THROW(exercise::mse(Matrix(4, 1), Matrix(3, 1)), std::invalid_argument);
}

TEST(MseGradient, TheCoursesExampleByHand) {
    // 2 (p - y) / 4 = (0.45, 0.25, -0.4, -0.5)
    const Matrix g = exercise::mse_gradient(kY, kP);
    ASSERT_TRUE(g.same_shape(kP)) << "shape " << g.shape();
    EXPECT_TRUE(neurona::allclose(g, Matrix::column_vector({0.45f, 0.25f, -0.4f, -0.5f}), 1e-5f, 1e-6f)) << g;
}

// The largest error, relative to the gradient's size, against central differences of the MSE.
double gradient_error(Matrix (*gradient)(const Matrix&, const Matrix&)) {
    neurona::Rng rng(2);
    const Matrix y = rng.uniform_matrix(5, 3, -1, 1), p = rng.uniform_matrix(5, 3, -1, 1);
    const std::vector<double> yd = exercise_testing::to_doubles(y);
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& pd) {
            double sum = 0;
            for (std::size_t i = 0; i < pd.size(); ++i) sum += (pd[i] - yd[i]) * (pd[i] - yd[i]);
            return sum / static_cast<double>(pd.size());
        },
        p);
    const Matrix analytic = gradient(y, p);
    return exercise_testing::relative_error(analytic, numerical);
}

TEST(MseGradient, MatchesCentralDifferences) {
    EXPECT_LT(gradient_error(exercise::mse_gradient), kTolerance);
}

// Section 1.9's derivative: y_hat - y, without the 2 and the 1/n.
Matrix course_derivative(const Matrix& y_true, const Matrix& y_pred) { return y_pred - y_true; }

TEST(MseGradient, TheCheckCatchesTheCoursesDerivative) {
    EXPECT_GT(gradient_error(course_derivative), 1e-2);
    EXPECT_LT(gradient_error(neurona::mse_gradient), kTolerance);
}

TEST(MseGradient, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::mse_gradient(Matrix(2, 1), Matrix(1, 2)), std::invalid_argument);
}

}  // namespace
