// Exercise 01's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/activations.hpp"

namespace exercise {
neurona::Scalar sigmoid(neurona::Scalar z);
neurona::Scalar sigmoid_derivative(neurona::Scalar z);
}  // namespace exercise

namespace {

using exercise_testing::near;
using exercise_testing::ScalarMistake;
using neurona::Scalar;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
using exercise_testing::diagnose;
const Diagnosis kAtA{
    "la derivada se tomó en A = sigmoid(z), no en z: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))",
    "the derivative was taken at A = sigmoid(z), not at z: sigmoid'(z) = sigmoid(z) (1 - sigmoid(z))"};
const Diagnosis kFormulaOfZ{
    "sigmoid'(z) se calculó como z (1 - z): la fórmula A (1 - A) pide A = sigmoid(z), no z",
    "sigmoid'(z) was computed as z (1 - z): the formula A (1 - A) needs A = sigmoid(z), not z"};
const Diagnosis kOverflowHigh{
    "sigmoid(z) da NaN para z grande: e^z / (1 + e^z) desborda a inf / inf (e^100 no cabe en un float); "
    "para z >= 0 usa 1 / (1 + e^-z)",
    "sigmoid(z) is NaN for large z: e^z / (1 + e^z) overflows to inf / inf (e^100 does not fit in a float); "
    "for z >= 0 use 1 / (1 + e^-z)"};
const Diagnosis kDerivativeOverflow{
    "sigmoid'(z) da NaN para z muy negativo: e^-z / (1 + e^-z)^2 desborda a inf / inf; "
    "escribe sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)) con tu sigmoid estable",
    "sigmoid'(z) is NaN for very negative z: e^-z / (1 + e^-z)^2 overflows to inf / inf; "
    "write sigmoid'(z) = sigmoid(z) (1 - sigmoid(z)) with your stable sigmoid"};


// The sigmoid in double: what the numerical derivative differentiates.
double sigmoid_double(double z) { return 1 / (1 + std::exp(-z)); }

// The course's chapter 2.4 mistake: the derivative evaluated at A = sigma(z).
Scalar derivative_at_A(Scalar z) {
    const Scalar A = neurona::sigmoid(z);
    return neurona::sigmoid(A) * (1 - neurona::sigmoid(A));
}

// The formula A (1 - A) applied to z itself.
Scalar derivative_formula_of_z(Scalar z) { return z * (1 - z); }

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
    EXPECT_NEAR(exercise::sigmoid(2), sigmoid_double(2), 1e-6);
}

TEST(Sigmoid, IsSymmetric) {
    for (Scalar z = -6; z <= 6; z += 0.5f)
        EXPECT_NEAR(exercise::sigmoid(-z), 1 - exercise::sigmoid(z), 1e-6) << "z = " << z;
}

TEST(Sigmoid, LargeInputsGiveZeroOrOneNeverNaN) {
    for (Scalar z : {100.0f, 1000.0f}) {
        const Scalar high = exercise::sigmoid(z), low = exercise::sigmoid(-z);
        EXPECT_FALSE(std::isnan(high)) << "sigmoid(" << z << ")\n" << diagnose(kOverflowHigh);
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
    // sigma(ln 3) = 0.75 and sigma(-ln 3) = 0.25 (Sigmoid.HandComputedValues).
    for (const Scalar z : {std::log(3.0f), -std::log(3.0f)}) {
        EXPECT_TRUE(near(exercise::sigmoid_derivative(z), 0.75 * 0.25, 1e-6,
                         {mistake(derivative_at_A(z), kAtA), mistake(derivative_formula_of_z(z), kFormulaOfZ)}))
            << "z = " << z;
    }
    // At 0 the formula of z gives 0, as an unwritten stub does: only sigma'(A) is named there.
    EXPECT_TRUE(near(exercise::sigmoid_derivative(0), 0.25, 1e-7, {mistake(derivative_at_A(0), kAtA)}));
    EXPECT_NEAR(exercise::sigmoid_derivative(50), 0, 1e-20);  // flat far out, and not NaN
}

TEST(SigmoidDerivative, LargeInputsGiveZeroNeverNaN) {
    for (const Scalar z : {100.0f, -100.0f, 1000.0f, -1000.0f}) {
        const Scalar d = exercise::sigmoid_derivative(z);
        // A NaN sigmoid makes a NaN derivative too; that is the sigmoid's mistake, named above.
        if (std::isnan(d) && !std::isnan(exercise::sigmoid(z)))
            ADD_FAILURE() << "sigmoid'(" << z << ") is NaN\n" << diagnose(kDerivativeOverflow);
        else
            EXPECT_NEAR(d, 0, 1e-20) << "sigmoid'(" << z << ")";
    }
}

TEST(SigmoidDerivative, MatchesCentralDifferences) {
    EXPECT_LT(derivative_error(exercise::sigmoid_derivative), kTolerance);
}

TEST(SigmoidDerivative, TheCheckCatchesTheDerivativeTakenAtA) {
    EXPECT_GT(derivative_error(derivative_at_A), 1e-2);
    EXPECT_LT(derivative_error(neurona::sigmoid_derivative), kTolerance);
}

}  // namespace
