// Exercise 06's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "neurona/activations.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix linear_forward(const neurona::Matrix& A_prev, const neurona::Matrix& W,
                               const neurona::Matrix& b);
neurona::Matrix dense_forward(const neurona::Matrix& A_prev, const neurona::Matrix& W,
                              const neurona::Matrix& b, const std::string& activation);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected) {
    if (!actual.same_shape(expected))
        return ::testing::AssertionFailure() << "shape " << actual.shape() << ", expected " << expected.shape();
    if (!neurona::allclose(actual, expected, 1e-5f, 1e-6f))
        return ::testing::AssertionFailure() << "got\n" << actual << "\nexpected\n" << expected;
    return ::testing::AssertionSuccess();
}

// A batch of 3 samples with 2 features, a layer of 3 units.
const Matrix kA_prev{{1, 2}, {3, 4}, {5, 6}};
const Matrix kW{{1, 0, -1}, {2, 1, 0}};
const Matrix kb{{0.5, -1, 0}};

TEST(LinearForward, HandComputed) {
    // Row 1: (1*1 + 2*2, 1*0 + 2*1, 1*-1 + 2*0) + b = (5, 2, -1) + (0.5, -1, 0).
    const Matrix expected{{5.5, 1, -1}, {11.5, 3, -3}, {17.5, 5, -5}};
    EXPECT_TRUE(Close(exercise::linear_forward(kA_prev, kW, kb), expected));
}

TEST(LinearForward, AddsTheBiasToEveryRow) {
    neurona::Rng rng(1);
    const Matrix W = rng.uniform_matrix(3, 2, -1, 1), b{{0.25, -4}};
    const Matrix Z = exercise::linear_forward(Matrix(4, 3), W, b);  // A_prev = 0: Z = b
    EXPECT_TRUE(Close(Z, Matrix{{0.25, -4}, {0.25, -4}, {0.25, -4}, {0.25, -4}}));
}

TEST(LinearForward, ShapesThatDoNotFitThrow) {
    EXPECT_THROW(exercise::linear_forward(Matrix(3, 3), kW, kb), std::invalid_argument)
        << "A_prev has 3 columns, W has 2 rows";
    EXPECT_THROW(exercise::linear_forward(kA_prev, kW, Matrix(1, 2)), std::invalid_argument)
        << "W has 3 units, b has 2";
    EXPECT_THROW(exercise::linear_forward(kA_prev, kW, Matrix(3, 3)), std::invalid_argument)
        << "b must be one row, (1, units)";
}

TEST(DenseForward, AppliesTheActivationToZ) {
    neurona::Rng rng(2);
    const Matrix A_prev = rng.uniform_matrix(5, 4, -2, 2), W = rng.uniform_matrix(4, 3, -1, 1),
                 b = rng.uniform_matrix(1, 3, -1, 1);
    const Matrix Z = neurona::matmul_naive(A_prev, W) + b;
    for (const char* name : {"linear", "sigmoid", "tanh", "relu", "softmax"})
        EXPECT_TRUE(Close(exercise::dense_forward(A_prev, W, b, name), neurona::get_activation(name).forward(Z)))
            << "activation " << name;
}

TEST(DenseForward, HandComputedRelu) {
    // Z as in LinearForward.HandComputed; relu zeroes the negative column.
    const Matrix expected{{5.5, 1, 0}, {11.5, 3, 0}, {17.5, 5, 0}};
    EXPECT_TRUE(Close(exercise::dense_forward(kA_prev, kW, kb, "relu"), expected));
}

TEST(DenseForward, MatchesTheLibrarysDenseLayer) {
    neurona::Rng rng(3);
    const Matrix X = rng.uniform_matrix(6, 4, -1, 1), W = rng.uniform_matrix(4, 3, -1, 1),
                 b = rng.uniform_matrix(1, 3, -0.5, 0.5);
    neurona::Dense layer(3, "tanh");
    layer.build({4});
    layer.set_weights({W, b});
    EXPECT_TRUE(Close(exercise::dense_forward(X, W, b, "tanh"), layer.forward(X, false)));
}

TEST(DenseForward, UnknownActivationThrows) {
    EXPECT_THROW(exercise::dense_forward(kA_prev, kW, kb, "relux"), std::invalid_argument);
}

}  // namespace
