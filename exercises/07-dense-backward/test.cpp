// Exercise 07's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::tuple<neurona::Matrix, neurona::Matrix, neurona::Matrix> dense_backward(
    const neurona::Matrix& A_prev, const neurona::Matrix& W, const neurona::Matrix& Z,
    const neurona::Matrix& dA, const std::string& activation);
}  // namespace exercise

namespace {

using exercise_testing::matches;
using exercise_testing::Mistake;
using neurona::Matrix;
using neurona::Op;
using neurona::Scalar;
using Gradients = std::tuple<Matrix, Matrix, Matrix>;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
using exercise_testing::diagnose;
const Diagnosis kDbMean{
    "db es la media del lote; se espera la suma sobre el lote, db = la suma de las filas de dZ, igual que dW suma "
    "sobre el lote",
    "db is the batch mean; the sum over the batch is expected, db = the sum of dZ's rows, as dW sums over the "
    "batch"};
const Diagnosis kDwTransposed{
    "dW = dZ^T . A_prev es (unidades, entradas), W traspuesta: dW = A_prev^T . dZ tiene la forma de W, "
    "(entradas, unidades)",
    "dW = dZ^T . A_prev is (units, in), W transposed: dW = A_prev^T . dZ has W's shape, (in, units)"};
const Diagnosis kDaPrevWithoutTranspose{
    "dA_prev = dZ . W: falta trasponer W; dA_prev = dZ . W^T, de forma (lote, entradas), como A_prev",
    "dA_prev = dZ . W: W must be transposed; dA_prev = dZ . W^T, (batch, in) as A_prev"};
const Diagnosis kAtA{"la derivada se tomó en A = g(Z), no en Z: dZ = dA * g'(Z)",
                     "the derivative was taken at A = g(Z), not at Z: dZ = dA * g'(Z)"};


// What the usual mistakes give for dW, db and dA_prev on one input. dZ . W only fits a square W.
struct Known {
    std::vector<Mistake> dW, db, dA_prev;
};
Known known_mistakes(const Matrix& A_prev, const Matrix& W, const Matrix& Z, const Matrix& dA,
                     const std::string& name) {
    const auto& g = neurona::get_activation(name);
    const Matrix A = g.forward(Z);
    const Matrix dZ = g.backward(Z, A, dA), dZ_at_A = g.backward(A, g.forward(A), dA);
    Known known;
    known.dW = {mistake(neurona::matmul(dZ, A_prev, Op::T, Op::N), kDwTransposed),
                mistake(neurona::matmul(A_prev, dZ_at_A, Op::T, Op::N), kAtA)};
    known.db = {mistake(dZ.mean(0), kDbMean), mistake(dZ_at_A.sum(0), kAtA)};
    known.dA_prev = {mistake(neurona::matmul(dZ_at_A, W, Op::N, Op::T), kAtA)};
    if (W.rows() == W.cols()) known.dA_prev.push_back(mistake(neurona::matmul(dZ, W), kDaPrevWithoutTranspose));
    return known;
}

// Tolerance of the gradient check, relative to each gradient's size (gradcheck.hpp's
// max_relative_error): the float backward is off by about 1e-7 of it, the double central
// difference (h = 1e-6) by about 1e-9. The course's slips are off by 0.75 (db averaged over a
// batch of 4 is a quarter of the truth) and 0.15 or more (sigma'(A)).
constexpr double kTolerance = 1e-4;

// `actual` against `expected` (relative 1e-4, absolute 1e-5: float sums over the batch), naming
// the `known` mistakes.
::testing::AssertionResult Close(const Matrix& actual, const Matrix& expected, const char* what,
                                 const std::vector<Mistake>& known) {
    auto result = matches(actual, expected, known, 1e-4, 1e-5);
    if (!result) return ::testing::AssertionFailure() << what << ": " << result.message();
    return result;
}

// The activation in double, applied to one row of z (softmax needs the whole row).
void activate(const std::string& name, std::vector<double>& z) {
    if (name == "softmax") {
        const double m = *std::max_element(z.begin(), z.end());
        double sum = 0;
        for (double& v : z) sum += (v = std::exp(v - m));
        for (double& v : z) v /= sum;
        return;
    }
    for (double& v : z) {
        if (name == "sigmoid") v = 1 / (1 + std::exp(-v));
        else if (name == "tanh") v = std::tanh(v);
        else if (name == "relu") v = v > 0 ? v : 0;
    }
}

// The layer in double: L = sum(g(A_prev . W + b) * R), all row-major.
double loss(const std::string& name, const std::vector<double>& a_prev, const std::vector<double>& w,
            const std::vector<double>& b, const std::vector<double>& r, std::size_t in, std::size_t units) {
    const std::size_t batch = a_prev.size() / in;
    double L = 0;
    for (std::size_t n = 0; n < batch; ++n) {
        std::vector<double> z(units);
        for (std::size_t j = 0; j < units; ++j) {
            z[j] = b[j];
            for (std::size_t i = 0; i < in; ++i) z[j] += a_prev[n * in + i] * w[i * units + j];
        }
        activate(name, z);
        for (std::size_t j = 0; j < units; ++j) L += z[j] * r[n * units + j];
    }
    return L;
}

struct Errors {
    double dW, db, dA_prev;
};

// Checks a backward function for one activation on a batch of 4, 3 inputs, 5 units.
template <class Backward>
Errors check(const Backward& backward, const std::string& name) {
    neurona::Rng rng(7);
    const std::size_t in = 3, units = 5;
    const Matrix A_prev = rng.uniform_matrix(4, in, -1, 1), W = rng.uniform_matrix(in, units, -1, 1),
                 b = rng.uniform_matrix(1, units, -0.5, 0.5), R = rng.uniform_matrix(4, units, -1, 1);
    using exercise_testing::to_doubles;
    const auto a = to_doubles(A_prev), w = to_doubles(W), bb = to_doubles(b), r = to_doubles(R);
    const Matrix num_dW = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& x) { return loss(name, a, x, bb, r, in, units); }, W);
    const Matrix num_db = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& x) { return loss(name, a, w, x, r, in, units); }, b);
    const Matrix num_dA_prev = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& x) { return loss(name, x, w, bb, r, in, units); }, A_prev);

    const Matrix Z = neurona::matmul(A_prev, W) + b;
    const auto [dW, db, dA_prev] = backward(A_prev, W, Z, R, name);  // dL/dA = R
    return {exercise_testing::relative_error(dW, num_dW), exercise_testing::relative_error(db, num_db),
            exercise_testing::relative_error(dA_prev, num_dA_prev)};
}

TEST(DenseBackward, Shapes) {
    neurona::Rng rng(1);
    const Matrix A_prev = rng.uniform_matrix(4, 3, -1, 1), W = rng.uniform_matrix(3, 2, -1, 1);
    const Matrix Z = neurona::matmul(A_prev, W), dA = rng.uniform_matrix(4, 2, -1, 1);
    const auto [dW, db, dA_prev] = exercise::dense_backward(A_prev, W, Z, dA, "tanh");
    EXPECT_EQ(dW.shape(), "(3, 2)") << "dW has W's shape (in, units)"
                                    << (dW.shape() == "(2, 3)" ? "\n" + diagnose(kDwTransposed) : "");
    EXPECT_EQ(db.shape(), "(1, 2)") << "db has b's shape (1, units)";
    EXPECT_EQ(dA_prev.shape(), "(4, 3)") << "dA_prev has A_prev's shape (batch, in)";
}

TEST(DenseBackward, HandComputedLinear) {
    // Linear: dZ = dA.
    const Matrix A_prev{{1, 2}, {3, 4}}, W{{1, 0, -1}, {2, 1, 0}}, dA{{1, 0, 2}, {0, 1, -1}};
    const Matrix Z = neurona::matmul(A_prev, W);
    const auto [dW, db, dA_prev] = exercise::dense_backward(A_prev, W, Z, dA, "linear");
    const Known known = known_mistakes(A_prev, W, Z, dA, "linear");
    // dW = A_prev^T . dA: (1*1 + 3*0, 1*0 + 3*1, 1*2 + 3*-1), (2*1 + 4*0, 2*0 + 4*1, 2*2 + 4*-1)
    EXPECT_TRUE(Close(dW, Matrix{{1, 3, -1}, {2, 4, 0}}, "dW", known.dW));
    EXPECT_TRUE(Close(db, Matrix{{1, 1, 1}}, "db", known.db));
    // dA_prev = dA . W^T: (1*1 + 0*0 + 2*-1, 1*2 + 0*1 + 2*0), (0*1 + 1*0 - 1*-1, 0*2 + 1*1 + 0)
    EXPECT_TRUE(Close(dA_prev, Matrix{{-1, 2}, {1, 1}}, "dA_prev", known.dA_prev));
}

TEST(DenseBackward, HandComputedLinearWhenWIsSquare) {
    // in = units = 2, so dZ . W would fit too, and give other numbers. Linear: dZ = dA.
    const Matrix A_prev{{1, 2}, {3, 4}, {0, 1}}, W{{1, -1}, {2, 0}}, dA{{1, 0}, {0, 1}, {2, -1}};
    const Matrix Z = neurona::matmul(A_prev, W);
    const auto [dW, db, dA_prev] = exercise::dense_backward(A_prev, W, Z, dA, "linear");
    const Known known = known_mistakes(A_prev, W, Z, dA, "linear");
    // dW = A_prev^T . dA: (1*1 + 3*0 + 0*2, 1*0 + 3*1 + 0*-1), (2*1 + 4*0 + 1*2, 2*0 + 4*1 + 1*-1)
    EXPECT_TRUE(Close(dW, Matrix{{1, 3}, {4, 3}}, "dW", known.dW));
    EXPECT_TRUE(Close(db, Matrix{{3, 0}}, "db", known.db));
    // dA_prev = dA . W^T: (1*1 + 0*-1, 1*2 + 0*0), (0*1 + 1*-1, 0*2 + 1*0), (2*1 - 1*-1, 2*2 - 1*0)
    EXPECT_TRUE(Close(dA_prev, Matrix{{1, 2}, {-1, 0}, {3, 4}}, "dA_prev", known.dA_prev));
}

class DenseBackwardGradientCheck : public ::testing::TestWithParam<const char*> {};

TEST_P(DenseBackwardGradientCheck, MatchesCentralDifferences) {
    const Errors e = check(exercise::dense_backward, GetParam());
    EXPECT_LT(e.dW, kTolerance) << "dW";
    EXPECT_LT(e.db, kTolerance) << "db";
    EXPECT_LT(e.dA_prev, kTolerance) << "dA_prev";
}

INSTANTIATE_TEST_SUITE_P(Activations, DenseBackwardGradientCheck,
                         ::testing::Values("linear", "sigmoid", "tanh", "relu", "softmax"));

TEST(DenseBackward, MatchesTheLibrarysDenseLayer) {
    neurona::Rng rng(3);
    const Matrix X = rng.uniform_matrix(6, 4, -1, 1), W = rng.uniform_matrix(4, 3, -1, 1),
                 b = rng.uniform_matrix(1, 3, -0.5, 0.5), dA = rng.uniform_matrix(6, 3, -1, 1);
    neurona::Dense layer(3, "sigmoid");
    layer.build({4});
    layer.set_weights({W, b});
    layer.forward(X, true);
    const Matrix expected_dA_prev = layer.backward(dA);
    const Matrix Z = neurona::matmul(X, W) + b;
    const auto [dW, db, dA_prev] = exercise::dense_backward(X, W, Z, dA, "sigmoid");
    const Known known = known_mistakes(X, W, Z, dA, "sigmoid");
    EXPECT_TRUE(Close(dW, layer.dW(), "dW", known.dW));
    EXPECT_TRUE(Close(db, layer.db(), "db", known.db));
    EXPECT_TRUE(Close(dA_prev, expected_dA_prev, "dA_prev", known.dA_prev));
}

// A correct backward built from the library, and the course's two slips of chapter 2.4.
Gradients library_backward(const Matrix& A_prev, const Matrix& W, const Matrix& Z, const Matrix& dA,
                           const std::string& name) {
    const auto& g = neurona::get_activation(name);
    const Matrix dZ = g.backward(Z, g.forward(Z), dA);
    return {neurona::matmul(A_prev, dZ, Op::T, Op::N), dZ.sum(0), neurona::matmul(dZ, W, Op::N, Op::T)};
}

TEST(DenseBackward, TheCheckCatchesTheBiasGradientAveragedOverTheBatch) {
    const auto averaged_db = [](const Matrix& A_prev, const Matrix& W, const Matrix& Z, const Matrix& dA,
                                const std::string& name) {
        auto [dW, db, dA_prev] = library_backward(A_prev, W, Z, dA, name);
        return Gradients{dW, db / static_cast<Scalar>(A_prev.rows()), dA_prev};
    };
    EXPECT_GT(check(averaged_db, "tanh").db, 1e-2);
    EXPECT_LT(check(library_backward, "tanh").db, kTolerance);
}

TEST(DenseBackward, TheCheckCatchesTheDerivativeTakenAtA) {
    const auto at_A = [](const Matrix& A_prev, const Matrix& W, const Matrix& Z, const Matrix& dA,
                         const std::string&) {
        const Matrix A = Z.apply(neurona::sigmoid);
        const Matrix dZ = dA * A.apply(neurona::sigmoid_derivative);  // sigma'(A), not sigma'(Z)
        return Gradients{neurona::matmul(A_prev, dZ, Op::T, Op::N), dZ.sum(0), neurona::matmul(dZ, W, Op::N, Op::T)};
    };
    const Errors e = check(at_A, "sigmoid");
    EXPECT_GT(e.dW, 1e-2);
    EXPECT_GT(e.db, 1e-2);
    EXPECT_GT(e.dA_prev, 1e-2);
}

}  // namespace
