// Exercise 21's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/losses.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar l2_penalty(const neurona::Matrix& W, double l2);
neurona::Matrix l2_penalty_gradient(const neurona::Matrix& W, double l2);
neurona::Scalar l1_penalty(const neurona::Matrix& W, double l1);
neurona::Matrix l1_penalty_gradient(const neurona::Matrix& W, double l1);
std::tuple<neurona::Scalar, neurona::Matrix, neurona::Matrix> regularized_dense_mse(
    const neurona::Matrix& A_prev, const neurona::Matrix& W, const neurona::Matrix& b, const neurona::Matrix& Y,
    double l1, double l2);
}  // namespace exercise

namespace {

using exercise_testing::Mistake;
using exercise_testing::ScalarMistake;
using neurona::Matrix;
using neurona::Op;
using neurona::Scalar;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kFactorTwoLost{"al gradiente de l2·ΣW² le falta el factor 2: es 2·l2·W",
                           "the gradient of l2·ΣW² lost its factor 2: it is 2·l2·W"};
const Diagnosis kBiasPenalized{"la penalización se aplicó también al sesgo b; kernel_regularizer solo penaliza W",
                           "the penalty was applied to the bias b too; kernel_regularizer penalizes W only"};
const Diagnosis kDividedByBatch{"la penalización se dividió entre el tamaño del lote; Keras la suma entera a la "
                            "pérdida media del lote",
                            "the penalty was divided by the batch size; Keras adds it, undivided, to the "
                            "batch's mean loss"};
const Diagnosis kSignOfZero{"sign(0) se tomó como 1; el gradiente de l1·|w| en w = 0 es 0, como en TensorFlow",
                        "sign(0) was taken as 1; the gradient of l1·|w| at w = 0 is 0, as in TensorFlow"};

Mistake matrix_mistake(const Matrix& value, const Diagnosis& w) { return {value, w.es, w.en}; }
ScalarMistake scalar_mistake(double value, const Diagnosis& w) { return {value, w.es, w.en}; }

// The gradient check's tolerance, relative to the gradient's size (gradcheck.hpp's
// max_relative_error): the float gradients are off by about 1e-6 of it, the double central
// differences by about 1e-9; a lost factor 2 is off by 0.5.
constexpr double kTolerance = 1e-4;

// W with no element near 0 (|w| in [0.1, 1)), so |w| is smooth within any h we use.
Matrix weights_away_from_zero(std::uint64_t seed, std::size_t rows, std::size_t cols) {
    neurona::Rng rng(seed);
    Matrix W = rng.uniform_matrix(rows, cols, 0.1, 1);
    for (std::size_t i = 0; i < W.size(); ++i)
        if (rng.uniform() < 0.5) W.data()[i] = -W.data()[i];
    return W;
}

double sum_of_squares(const Matrix& M) {
    double s = 0;
    for (Scalar v : M.values()) s += double(v) * v;
    return s;
}

double sum_of_abs(const Matrix& M) {
    double s = 0;
    for (Scalar v : M.values()) s += std::abs(double(v));
    return s;
}

// sign(w) with sign(0) = 1: the mistake's gradient of |w|.
Matrix sign_zero_is_one(const Matrix& W, double l1) {
    return W.apply([l1](Scalar w) { return Scalar(w >= 0 ? l1 : -l1); });
}

const Matrix kW{{1, -2}, {0, 3}};  // sum of squares 14, sum of |w| 6, one element exactly 0

TEST(L2Penalty, HandComputed) {
    // 0.01 * (1 + 4 + 0 + 9) = 0.14, the chapter's l2(0.01).
    EXPECT_NEAR(exercise::l2_penalty(kW, 0.01), 0.14, 1e-6);
    EXPECT_NEAR(exercise::l2_penalty(kW, 0), 0, 0) << "l2 = 0 is no penalty";
}

TEST(L2Penalty, GradientIsTwiceL2TimesW) {
    // 2 * 0.01 * W.
    EXPECT_TRUE(exercise_testing::matches(exercise::l2_penalty_gradient(kW, 0.01), Matrix{{0.02f, -0.04f}, {0, 0.06f}},
                                          {matrix_mistake(kW * 0.01f, kFactorTwoLost)}));
}

TEST(L2Penalty, GradientMatchesCentralDifferences) {
    const Matrix W = weights_away_from_zero(1, 4, 3);
    const double l2 = 0.05;
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& w) {
            double s = 0;
            for (double v : w) s += v * v;
            return l2 * s;
        },
        W);
    const Matrix analytic = exercise::l2_penalty_gradient(W, l2);
    EXPECT_LT(exercise_testing::relative_error(analytic, numerical), kTolerance)
        << "got\n" << analytic << "\ncentral differences\n" << numerical << "\n"
        << (exercise_testing::close(analytic, W * Scalar(l2), 1e-5, 1e-7)
                ? exercise_testing::diagnose(kFactorTwoLost)
                : "");
}

TEST(L1Penalty, HandComputed) {
    // 0.01 * (1 + 2 + 0 + 3) = 0.06.
    EXPECT_NEAR(exercise::l1_penalty(kW, 0.01), 0.06, 1e-6);
}

TEST(L1Penalty, GradientIsL1TimesSignAndZeroAtZero) {
    EXPECT_TRUE(exercise_testing::matches(exercise::l1_penalty_gradient(kW, 0.01), Matrix{{0.01f, -0.01f}, {0, 0.01f}},
                                          {matrix_mistake(sign_zero_is_one(kW, 0.01), kSignOfZero)}));
}

TEST(L1Penalty, GradientMatchesCentralDifferencesAwayFromZero) {
    const Matrix W = weights_away_from_zero(2, 4, 3);
    const double l1 = 0.05;
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& w) {
            double s = 0;
            for (double v : w) s += std::abs(v);
            return l1 * s;
        },
        W);
    EXPECT_LT(exercise_testing::relative_error(exercise::l1_penalty_gradient(W, l1), numerical), kTolerance);
}

// The usual wrong answers for the layer, computed here from the library's MSE: the penalty on
// the bias too, and the penalty divided by the batch size.
struct Layer {
    Matrix A_prev, W, b, Y;
    double l1, l2;
};

std::tuple<double, Matrix, Matrix> data_part(const Layer& c) {
    const Matrix Z = neurona::matmul(c.A_prev, c.W) + c.b;
    const Matrix dZ = neurona::mse_gradient(c.Y, Z);
    return {neurona::mse(c.Y, Z), neurona::matmul(c.A_prev, dZ, Op::T, Op::N), dZ.sum(0)};
}

double penalty(const Matrix& M, const Layer& c) { return c.l1 * sum_of_abs(M) + c.l2 * sum_of_squares(M); }
Matrix penalty_gradient(const Matrix& M, const Layer& c) {
    return M.apply([&](Scalar w) { return Scalar(c.l1 * ((w > 0) - (w < 0)) + 2 * c.l2 * w); });
}

struct Mistakes {
    std::vector<ScalarMistake> loss;
    std::vector<Mistake> dW, db;
};

Mistakes usual_mistakes(const Layer& c) {
    const auto [loss, dW, db] = data_part(c);
    const double batch = double(c.A_prev.rows());
    const Matrix bias_db = db + penalty_gradient(c.b, c);
    const Matrix batch_dW = dW + penalty_gradient(c.W, c) / Scalar(batch);
    const Matrix l2_without_2 = dW + penalty_gradient(c.W, c) - c.W * Scalar(c.l2);
    const Matrix sign_zero_one = dW + sign_zero_is_one(c.W, c.l1) + c.W * Scalar(2 * c.l2);
    return {{scalar_mistake(loss + penalty(c.W, c) + penalty(c.b, c), kBiasPenalized),
             scalar_mistake(loss + penalty(c.W, c) / batch, kDividedByBatch)},
            {matrix_mistake(l2_without_2, kFactorTwoLost), matrix_mistake(batch_dW, kDividedByBatch),
             matrix_mistake(sign_zero_one, kSignOfZero)},
            {matrix_mistake(bias_db, kBiasPenalized)}};
}

// Checks the three results against the expected ones, naming a usual mistake when it is one.
void expect_layer(const Layer& c, double loss, const Matrix& dW, const Matrix& db, double tolerance = 1e-5) {
    const auto [got_loss, got_dW, got_db] = exercise::regularized_dense_mse(c.A_prev, c.W, c.b, c.Y, c.l1, c.l2);
    const Mistakes m = usual_mistakes(c);
    EXPECT_TRUE(exercise_testing::near(got_loss, loss, tolerance, m.loss)) << "loss";
    EXPECT_TRUE(exercise_testing::matches(got_dW, dW, m.dW, 1e-4, 1e-6)) << "dW";
    EXPECT_TRUE(exercise_testing::matches(got_db, db, m.db, 1e-4, 1e-6)) << "db";
}

TEST(RegularizedDense, HandComputed) {
    // A batch of 4, W = (1, 2)^T, b = 0.5: Z = (1.5, 2.5, 1.5, 2.5)^T, 0.5 above Y everywhere.
    // mse = 0.25; l2 = 0.1: penalty 0.1 * (1 + 4) = 0.5; loss 0.75.
    // dZ = 2 * 0.5 / 4 = 0.25 per row; dW = A_prev^T . dZ + 2 * 0.1 * W = (0.5 + 0.2, 0.5 + 0.4);
    // db = 4 * 0.25 = 1, no penalty.
    const Layer c{Matrix{{1, 0}, {0, 1}, {1, 0}, {0, 1}}, Matrix{{1}, {2}}, Matrix{{0.5f}},
                  Matrix{{1}, {2}, {1}, {2}}, 0, 0.1};
    expect_layer(c, 0.75, Matrix{{0.7f}, {0.9f}}, Matrix{{1}});
}

TEST(RegularizedDense, TheBiasIsNotPenalized) {
    // W = 0: whatever b is, the penalty is 0, the loss is the MSE and db its gradient alone.
    const Layer c{Matrix{{1, 2}, {3, 4}, {5, 6}}, Matrix(2, 2), Matrix{{3, -4}}, Matrix{{1, 0}, {0, 1}, {1, 1}}, 0.02,
                  0.05};
    const auto [loss, dW, db] = data_part(c);
    expect_layer(c, loss, dW, db);
}

TEST(RegularizedDense, RepeatingTheBatchChangesNothing) {
    // The same 2 samples, then the same samples 4 times over: the MSE is a mean, so its value
    // and gradients do not change, and neither does the penalty. The totals must not either.
    const Matrix A_prev{{0.5f, -1}, {2, 0.25f}}, Y{{1, 0, 2}, {-1, 1, 0}};
    Matrix A_prev4(8, 2), Y4(8, 3);
    for (std::size_t r = 0; r < 8; ++r) {
        for (std::size_t j = 0; j < 2; ++j) A_prev4(r, j) = A_prev(r % 2, j);
        for (std::size_t j = 0; j < 3; ++j) Y4(r, j) = Y(r % 2, j);
    }
    const Matrix W = weights_away_from_zero(3, 2, 3), b{{0.1f, -0.2f, 0.3f}};
    const auto [loss2, dW2, db2] = exercise::regularized_dense_mse(A_prev, W, b, Y, 0.01, 0.1);
    const Layer c8{A_prev4, W, b, Y4, 0.01, 0.1};
    expect_layer(c8, loss2, dW2, db2);
}

TEST(RegularizedDense, MatchesDenseWithKernelRegularizer) {
    neurona::Rng rng(4);
    const Matrix A_prev = rng.uniform_matrix(6, 4, -1, 1), Y = rng.uniform_matrix(6, 3, -1, 1);
    const Matrix W = weights_away_from_zero(5, 4, 3), b = rng.uniform_matrix(1, 3, -0.5, 0.5);
    neurona::Dense layer(3, "linear", neurona::InputShape{4}, neurona::regularizers::l1_l2(0.01, 0.02));
    layer.build({4});
    layer.set_weights({W, b});
    const Matrix Z = layer.forward(A_prev, true);
    layer.backward(neurona::mse_gradient(Y, Z));
    expect_layer({A_prev, W, b, Y, 0.01, 0.02}, neurona::mse(Y, Z) + layer.regularization_loss(), layer.dW(),
                 layer.db());
}

// The layer's loss in double, for the central differences: w and bb are W's and b's values.
double layer_loss(const Layer& c, const std::vector<double>& w, const std::vector<double>& bb) {
    const std::size_t batch = c.A_prev.rows(), in = c.A_prev.cols(), units = c.W.cols();
    double squares = 0, penalty = 0;
    for (std::size_t n = 0; n < batch; ++n)
        for (std::size_t j = 0; j < units; ++j) {
            double z = bb[j];
            for (std::size_t i = 0; i < in; ++i) z += c.A_prev(n, i) * w[i * units + j];
            squares += (z - c.Y(n, j)) * (z - c.Y(n, j));
        }
    for (double v : w) penalty += c.l1 * std::abs(v) + c.l2 * v * v;
    return squares / double(batch * units) + penalty;
}

TEST(RegularizedDense, GradientsMatchCentralDifferences) {
    neurona::Rng rng(6);
    const Layer c{rng.uniform_matrix(5, 3, -1, 1), weights_away_from_zero(7, 3, 2), rng.uniform_matrix(1, 2, -1, 1),
                  rng.uniform_matrix(5, 2, -1, 1), 0.03, 0.2};
    const auto w = exercise_testing::to_doubles(c.W), bb = exercise_testing::to_doubles(c.b);
    const Matrix num_dW = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& x) { return layer_loss(c, x, bb); }, c.W);
    const Matrix num_db = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& x) { return layer_loss(c, w, x); }, c.b);
    const auto [loss, dW, db] = exercise::regularized_dense_mse(c.A_prev, c.W, c.b, c.Y, c.l1, c.l2);
    EXPECT_NEAR(loss, layer_loss(c, w, bb), 1e-5) << "loss";
    const Mistakes m = usual_mistakes(c);
    EXPECT_LT(exercise_testing::relative_error(dW, num_dW), kTolerance)
        << "dW\n" << exercise_testing::matches(dW, num_dW, m.dW, 1e-4, 1e-6).message();
    EXPECT_LT(exercise_testing::relative_error(db, num_db), kTolerance)
        << "db\n" << exercise_testing::matches(db, num_db, m.db, 1e-4, 1e-6).message();
}

}  // namespace
