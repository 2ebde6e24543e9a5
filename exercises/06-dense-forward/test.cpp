// Exercise 06's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
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

using exercise_testing::matches;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Op;
using neurona::Scalar;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
const Diagnosis kNoBias{"a Z le falta el sesgo: Z = A_prev . W + b, con b sumado a cada fila",
                        "Z lacks the bias: Z = A_prev . W + b, with b added to every row"};
const Diagnosis kWTransposed{
    "Z se calculó con W traspuesta, A_prev . W^T: W es (entradas, unidades), así que Z = A_prev . W + b",
    "Z was computed with W transposed, A_prev . W^T: W is (in, units), so Z = A_prev . W + b"};
const Diagnosis kNoActivation{"dense_forward devolvió Z: falta la activación, A = g(Z)",
                              "dense_forward returned Z: the activation was forgotten, A = g(Z)"};
const Diagnosis kBiasAfter{
    "el sesgo se sumó después de la activación, g(A_prev . W) + b: va dentro, A = g(A_prev . W + b)",
    "the bias was added after the activation, g(A_prev . W) + b: it goes inside, A = g(A_prev . W + b)"};


// What the mistakes of linear_forward give: Z without b, and (for a square W) Z with W^T.
std::vector<Mistake> linear_mistakes(const Matrix& A_prev, const Matrix& W, const Matrix& b) {
    std::vector<Mistake> known{mistake(neurona::matmul(A_prev, W), kNoBias)};
    if (W.rows() == W.cols()) known.push_back(mistake(neurona::matmul(A_prev, W, Op::N, Op::T) + b, kWTransposed));
    return known;
}

// What the mistakes of dense_forward give: Z itself, g applied before b is added, and g of a
// Z without b.
std::vector<Mistake> dense_mistakes(const Matrix& A_prev, const Matrix& W, const Matrix& b, const std::string& name) {
    const auto& g = neurona::get_activation(name);
    return {mistake(neurona::matmul(A_prev, W) + b, kNoActivation),
            mistake(g.forward(neurona::matmul(A_prev, W)) + b, kBiasAfter),
            mistake(g.forward(neurona::matmul(A_prev, W)), kNoBias)};
}

// A batch of 3 samples with 2 features, a layer of 3 units.
const Matrix kA_prev{{1, 2}, {3, 4}, {5, 6}};
const Matrix kW{{1, 0, -1}, {2, 1, 0}};
const Matrix kb{{0.5, -1, 0}};

TEST(LinearForward, HandComputed) {
    // Row 1: (1*1 + 2*2, 1*0 + 2*1, 1*-1 + 2*0) + b = (5, 2, -1) + (0.5, -1, 0).
    const Matrix expected{{5.5, 1, -1}, {11.5, 3, -3}, {17.5, 5, -5}};
    EXPECT_TRUE(matches(exercise::linear_forward(kA_prev, kW, kb), expected, linear_mistakes(kA_prev, kW, kb)));
}

TEST(LinearForward, HandComputedWhenWIsSquare) {
    // in = units = 2, so A_prev . W^T would fit too, and give other numbers.
    // Row 1: (1*1 + 2*2, 1*0 + 2*1) + b = (5, 2) + (0.5, -1).
    const Matrix A_prev{{1, 2}, {3, 4}}, W{{1, 0}, {2, 1}}, b{{0.5, -1}};
    const Matrix expected{{5.5, 1}, {11.5, 3}};
    EXPECT_TRUE(matches(exercise::linear_forward(A_prev, W, b), expected, linear_mistakes(A_prev, W, b)));
}

TEST(LinearForward, AddsTheBiasToEveryRow) {
    neurona::Rng rng(1);
    const Matrix W = rng.uniform_matrix(3, 2, -1, 1), b{{0.25, -4}};
    const Matrix Z = exercise::linear_forward(Matrix(4, 3), W, b);  // A_prev = 0: Z = b
    EXPECT_TRUE(
        matches(Z, Matrix{{0.25, -4}, {0.25, -4}, {0.25, -4}, {0.25, -4}}, linear_mistakes(Matrix(4, 3), W, b)));
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
        EXPECT_TRUE(matches(exercise::dense_forward(A_prev, W, b, name), neurona::get_activation(name).forward(Z),
                            dense_mistakes(A_prev, W, b, name)))
            << "activation " << name;
}

TEST(DenseForward, HandComputedRelu) {
    // Z as in LinearForward.HandComputed; relu zeroes the negative column.
    const Matrix expected{{5.5, 1, 0}, {11.5, 3, 0}, {17.5, 5, 0}};
    EXPECT_TRUE(
        matches(exercise::dense_forward(kA_prev, kW, kb, "relu"), expected, dense_mistakes(kA_prev, kW, kb, "relu")));
}

TEST(DenseForward, MatchesTheLibrarysDenseLayer) {
    neurona::Rng rng(3);
    const Matrix X = rng.uniform_matrix(6, 4, -1, 1), W = rng.uniform_matrix(4, 3, -1, 1),
                 b = rng.uniform_matrix(1, 3, -0.5, 0.5);
    neurona::Dense layer(3, "tanh");
    layer.build({4});
    layer.set_weights({W, b});
    EXPECT_TRUE(
        matches(exercise::dense_forward(X, W, b, "tanh"), layer.forward(X, false), dense_mistakes(X, W, b, "tanh")));
}

TEST(DenseForward, UnknownActivationThrows) {
    EXPECT_THROW(exercise::dense_forward(kA_prev, kW, kb, "relux"), std::invalid_argument);
}

}  // namespace
