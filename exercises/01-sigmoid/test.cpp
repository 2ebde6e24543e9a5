// Exercise 01's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>

#include "common/numerical.hpp"
#include "neurona/activations.hpp"

namespace exercise {
neurona::Scalar sigmoid(neurona::Scalar z);
neurona::Scalar sigmoid_derivative(neurona::Scalar z);
}  // namespace exercise

namespace {

using neurona::Scalar;

// The sigmoid in double: what the numerical derivative differentiates.
double sigmoid_double(double z) { return 1 / (1 + std::exp(-z)); }

// The largest |d(z) - numerical derivative at z| over z in [-8, 8].
// Tolerance: d is computed in float (error about 3e-8 on values <= 0.25); the central difference
// in double with h = 1e-5 is exact to about 1e-10. So a correct derivative is within 1e-7 and
// 1e-5 leaves a factor 100 of room, while sigma'(A) instead of sigma'(Z) is off by 0.015 at
// z = 0 and by 0.19 at z = 5.
constexpr double kTolerance = 1e-5;
double derivative_error(Scalar (*derivative)(Scalar)) {
    double worst = 0;
    for (double z = -8; z <= 8; z += 0.125) {
        const double numerical = exercise_testing::numerical_derivative(sigmoid_double, z);
        worst = std::max(worst, std::abs(derivative(static_cast<Scalar>(z)) - numerical));
    }
    return worst;
}

TEST(Sigmoid, HandComputedValues) {
    EXPECT_NEAR(exercise::sigmoid(0), 0.5, 1e-7);
    EXPECT_NEAR(exercise::sigmoid(std::log(3.0f)), 0.75, 1e-6);   // 1 / (1 + 1/3)
    EXPECT_NEAR(exercise::sigmoid(-std::log(3.0f)), 0.25, 1e-6);  // 1 / (1 + 3)
    EXPECT_NEAR(exercise::sigmoid(2), 0.8807970779778823, 1e-6);
}

TEST(Sigmoid, IsSymmetric) {
    for (Scalar z = -6; z <= 6; z += 0.5f)
        EXPECT_NEAR(exercise::sigmoid(-z), 1 - exercise::sigmoid(z), 1e-6) << "z = " << z;
}

TEST(Sigmoid, LargeInputsGiveZeroOrOneNeverNaN) {
    for (Scalar z : {100.0f, 1000.0f}) {
        const Scalar high = exercise::sigmoid(z), low = exercise::sigmoid(-z);
        EXPECT_FALSE(std::isnan(high)) << "sigmoid(" << z << ")";
        EXPECT_FALSE(std::isnan(low)) << "sigmoid(" << -z << ")";
        EXPECT_NEAR(high, 1, 1e-7) << "sigmoid(" << z << ")";
        EXPECT_GE(low, 0) << "sigmoid(" << -z << ")";
        EXPECT_LT(low, 1e-30) << "sigmoid(" << -z << ")";
    }
}

TEST(Sigmoid, MatchesTheLibrary) {
    for (Scalar z = -10; z <= 10; z += 0.25f)
        EXPECT_NEAR(exercise::sigmoid(z), neurona::sigmoid(z), 1e-6) << "z = " << z;
}

TEST(SigmoidDerivative, HandComputedValues) {
    EXPECT_NEAR(exercise::sigmoid_derivative(0), 0.25, 1e-7);
    EXPECT_NEAR(exercise::sigmoid_derivative(std::log(3.0f)), 0.1875, 1e-6);
    EXPECT_NEAR(exercise::sigmoid_derivative(-std::log(3.0f)), 0.1875, 1e-6);
    EXPECT_NEAR(exercise::sigmoid_derivative(50), 0, 1e-20);  // flat far out, and not NaN
}

TEST(SigmoidDerivative, MatchesCentralDifferences) {
    EXPECT_LT(derivative_error(exercise::sigmoid_derivative), kTolerance);
}

// The course's chapter 2.4 mistake: the derivative evaluated at A = sigma(z).
Scalar derivative_at_A(Scalar z) {
    const Scalar A = neurona::sigmoid(z);
    return neurona::sigmoid(A) * (1 - neurona::sigmoid(A));
}

TEST(SigmoidDerivative, TheCheckCatchesTheDerivativeTakenAtA) {
    EXPECT_GT(derivative_error(derivative_at_A), 1e-2);
    EXPECT_LT(derivative_error(neurona::sigmoid_derivative), kTolerance);
}

}  // namespace
