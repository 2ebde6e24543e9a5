// Exercise 02's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <utility>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar relu(neurona::Scalar z);
neurona::Scalar relu_derivative(neurona::Scalar z);
neurona::Scalar tanh_derivative(neurona::Scalar z);
neurona::Matrix relu_backward(const neurona::Matrix& Z, const neurona::Matrix& dA);
neurona::Matrix tanh_backward(const neurona::Matrix& Z, const neurona::Matrix& dA);
}  // namespace exercise

namespace {

using exercise_testing::matches;
using exercise_testing::Mistake;
using exercise_testing::near;
using exercise_testing::ScalarMistake;
using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
const Diagnosis kReluOneAtZero{"relu'(0) vale 1; en el pliegue z = 0 Keras/TensorFlow toman 0",
                               "relu'(0) is 1; at the kink z = 0 Keras/TensorFlow take 0"};
const Diagnosis kTanhAtA{"la derivada se tomó en A = tanh(Z), no en Z",
                         "the derivative was taken at A = tanh(Z), not at Z"};
const Diagnosis kTanhFormulaOfZ{
    "tanh'(z) se calculó como 1 - z^2: la fórmula 1 - A^2 pide A = tanh(z), no z",
    "tanh'(z) was computed as 1 - z^2: the formula 1 - A^2 needs A = tanh(z), not z"};
const Diagnosis kReluTimesA{
    "dZ = dA * relu(Z): se multiplica por la derivada relu'(Z) (0 o 1), no por la activación A = relu(Z)",
    "dZ = dA * relu(Z): multiply by the derivative relu'(Z) (0 or 1), not by the activation A = relu(Z)"};


// The mistakes' formulas, written with the library's correct pieces.
Scalar tanh_derivative_formula_of_z(Scalar z) { return 1 - z * z; }
Scalar relu_derivative_one_at_zero(Scalar z) { return z >= 0 ? 1 : 0; }

// Tolerance of the scalar checks: the learner's derivative is computed in float (error about
// 1e-7 on values <= 1); the central difference in double with h = 1e-5 is exact to about 1e-10.
// A derivative taken at A instead of Z is off by 0.17 at z = 1.
constexpr double kScalarTolerance = 1e-5;
// Tolerance of the matrix gradient check, relative to the gradient's size (gradcheck.hpp's
// max_relative_error): float rounding gives about 1e-7, the derivative taken at A 0.4.
constexpr double kMatrixTolerance = 1e-4;

double tanh_derivative_error(Scalar (*derivative)(Scalar)) {
    double worst = 0;
    for (double z = -4; z <= 4; z += 0.125) {
        const double numerical =
            exercise_testing::numerical_derivative([](double x) { return std::tanh(x); }, z);
        worst = std::max(worst, std::abs(derivative(static_cast<Scalar>(z)) - numerical));
    }
    return worst;
}

// A (rows, cols) matrix of values uniform in [-3, 3), fixed by the seed.
Matrix random_matrix(std::uint64_t seed, std::size_t rows = 3, std::size_t cols = 4) {
    neurona::Rng rng(seed);
    return rng.uniform_matrix(rows, cols, -3, 3);
}

TEST(Relu, HandComputedValues) {
    EXPECT_EQ(exercise::relu(-2), 0);
    EXPECT_EQ(exercise::relu(0), 0);
    EXPECT_EQ(exercise::relu(3.5f), 3.5f);
    EXPECT_EQ(exercise::relu(1e-3f), 1e-3f);
}

TEST(ReluDerivative, HandComputedValues) {
    EXPECT_EQ(exercise::relu_derivative(-2), 0);
    EXPECT_EQ(exercise::relu_derivative(3), 1);
    EXPECT_EQ(exercise::relu_derivative(1e-3f), 1);
    EXPECT_TRUE(near(exercise::relu_derivative(0), 0, 0, {mistake(relu_derivative_one_at_zero(0), kReluOneAtZero)}));
}

TEST(ReluDerivative, MatchesCentralDifferencesAwayFromTheKink) {
    for (double z = -3.0625; z <= 3; z += 0.125) {  // never 0: the grid is offset by 1/16
        const double numerical = exercise_testing::numerical_derivative(
            [](double x) { return x > 0 ? x : 0.0; }, z);
        EXPECT_NEAR(exercise::relu_derivative(static_cast<Scalar>(z)), numerical, kScalarTolerance)
            << "z = " << z;
    }
}

TEST(TanhDerivative, HandComputedValues) {
    EXPECT_NEAR(exercise::tanh_derivative(0), 1, 1e-7);
    // tanh(atanh(0.5)) = 0.5, so tanh' = 1 - 0.5^2 = 0.75 there, and at -atanh(0.5).
    for (const Scalar z : {std::atanh(0.5f), -std::atanh(0.5f)})
        EXPECT_TRUE(near(exercise::tanh_derivative(z), 0.75, 1e-6,
                         {mistake(tanh_derivative_formula_of_z(z), kTanhFormulaOfZ)}))
            << "z = " << z;
    const Scalar far = exercise::tanh_derivative(20);
    EXPECT_FALSE(std::isnan(far));
    EXPECT_NEAR(far, 0, 1e-6);
}

TEST(TanhDerivative, MatchesCentralDifferences) {
    EXPECT_LT(tanh_derivative_error(exercise::tanh_derivative), kScalarTolerance);
}

Scalar tanh_derivative_at_A(Scalar z) {
    const Scalar A = std::tanh(z);
    return 1 - std::tanh(A) * std::tanh(A);
}

TEST(TanhDerivative, TheCheckCatchesTheDerivativeTakenAtA) {
    EXPECT_GT(tanh_derivative_error(tanh_derivative_at_A), 1e-2);
    EXPECT_LT(tanh_derivative_error(neurona::tanh_derivative), kScalarTolerance);
}

TEST(ReluBackward, HandComputedExample) {
    const Matrix Z{{-1, 2}, {0, 3}}, dA{{5, 6}, {7, 8}};
    const Matrix dZ = exercise::relu_backward(Z, dA);
    ASSERT_TRUE(dZ.same_shape(Z)) << "dZ is " << dZ.shape() << ", expected " << Z.shape();
    EXPECT_TRUE(matches(dZ, Matrix{{0, 6}, {0, 8}},
                        {mistake(dA * Z.apply(neurona::relu), kReluTimesA),
                         mistake(dA * Z.apply(relu_derivative_one_at_zero), kReluOneAtZero)}));
}

Matrix tanh_backward_at_A(const Matrix& Z, const Matrix& dA);

TEST(TanhBackward, HandComputedExample) {
    // tanh'(0) = 1 and tanh'(atanh(0.5)) = 0.75.
    const Scalar a = std::atanh(0.5f);
    const Matrix Z{{0, a}, {-a, 0}}, dA{{2, 4}, {-4, 1}};
    EXPECT_TRUE(matches(exercise::tanh_backward(Z, dA), Matrix{{2, 3}, {-3, 1}},
                        {mistake(tanh_backward_at_A(Z, dA), kTanhAtA),
                         mistake(dA * Z.apply(tanh_derivative_formula_of_z), kTanhFormulaOfZ)}));
}

TEST(Backward, MatchesTheLibrary) {
    for (const char* name : {"relu", "tanh"}) {
        const auto& g = neurona::get_activation(name);
        const Matrix Z = random_matrix(1), dA = random_matrix(2);
        const Matrix expected = g.backward(Z, g.forward(Z), dA);
        const Matrix dZ = std::string(name) == "relu" ? exercise::relu_backward(Z, dA)
                                                      : exercise::tanh_backward(Z, dA);
        ASSERT_TRUE(dZ.same_shape(expected)) << name << ": dZ is " << dZ.shape();
        EXPECT_TRUE(neurona::allclose(dZ, expected, 1e-5f, 1e-6f)) << name << ":\n" << dZ;
    }
}

// L(Z) = sum(tanh(Z) * R): dL/dA = R, so backward(Z, R) must be dL/dZ.
double tanh_backward_error(Matrix (*backward)(const Matrix&, const Matrix&)) {
    const Matrix Z = random_matrix(3), R = random_matrix(4);
    const std::vector<double> r = exercise_testing::to_doubles(R);
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& z) {
            double L = 0;
            for (std::size_t i = 0; i < z.size(); ++i) L += std::tanh(z[i]) * r[i];
            return L;
        },
        Z);
    const Matrix analytic = backward(Z, R);
    return exercise_testing::relative_error(analytic, numerical);
}

TEST(TanhBackward, MatchesCentralDifferences) {
    EXPECT_LT(tanh_backward_error(exercise::tanh_backward), kMatrixTolerance);
}

Matrix tanh_backward_at_A(const Matrix& Z, const Matrix& dA) {
    const Matrix A = Z.apply(neurona::tanh_);
    return dA * A.apply(neurona::tanh_derivative);
}

TEST(TanhBackward, TheCheckCatchesTheDerivativeTakenAtA) {
    EXPECT_GT(tanh_backward_error(tanh_backward_at_A), 1e-2);
}

}  // namespace
