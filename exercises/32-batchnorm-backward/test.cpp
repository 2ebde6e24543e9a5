// Exercise 32's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <cstddef>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix batchnorm_forward(const neurona::Matrix& X, const neurona::Matrix& gamma,
                                  const neurona::Matrix& beta, double epsilon, neurona::Matrix& x_hat,
                                  neurona::Matrix& mean, neurona::Matrix& var);
std::tuple<neurona::Matrix, neurona::Matrix, neurona::Matrix> batchnorm_backward(
    const neurona::Matrix& dA, const neurona::Matrix& x_hat, const neurona::Matrix& var,
    const neurona::Matrix& gamma, double epsilon);
}  // namespace exercise

namespace {

using exercise_testing::Diagnosis;
using exercise_testing::matches;
using exercise_testing::mistake;
using exercise_testing::Mistake;
using exercise_testing::to_doubles;
using neurona::Matrix;
using neurona::Scalar;

// Keras's BatchNormalization(epsilon=1e-3).
constexpr double kEpsilon = 1e-3;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
const Diagnosis kConstantStatistics{
    "dX = gamma * dA / sqrt(var + epsilon) trata la media y la varianza como constantes, pero dependen de cada X "
    "de la columna: faltan los términos - sum(dA) - x_hat * sum(dA * x_hat)",
    "dX = gamma * dA / sqrt(var + epsilon) treats the mean and the variance as constants, but they depend on every "
    "X of the column: the terms - sum(dA) - x_hat * sum(dA * x_hat) are missing"};
const Diagnosis kUnbiasedVariance{
    "la varianza se dividió por m - 1 (la insesgada): en entrenamiento, Keras normaliza con la varianza "
    "sesgada del lote, sum((X - mean)^2) / m",
    "the variance was divided by m - 1 (the unbiased one): in training Keras normalizes with the batch's biased "
    "variance, sum((X - mean)^2) / m"};
const Diagnosis kEpsilonOutsideRoot{
    "epsilon quedó fuera de la raíz, sqrt(var) + epsilon: Keras divide por sqrt(var + epsilon)",
    "epsilon was left out of the square root, sqrt(var) + epsilon: Keras divides by sqrt(var + epsilon)"};
const Diagnosis kDgammaWithoutXHat{
    "dgamma es la suma de dA, sin x_hat: A = gamma * x_hat + beta, así que dgamma = sum(dA * x_hat)",
    "dgamma is the sum of dA, without x_hat: A = gamma * x_hat + beta, so dgamma = sum(dA * x_hat)"};
const Diagnosis kDbetaAveraged{
    "dbeta es la media de dA sobre las filas; se espera la suma, como db en Dense: beta se suma a cada fila",
    "dbeta is the mean of dA over the rows; the sum is expected, as db in Dense: beta is added to every row"};

// What the naive loops compute: the right forward pass, and the usual mistakes in it.
enum class Rule { right, unbiased_variance, epsilon_outside_root };

// One forward pass in double, row-major: mean, var (1, C), x_hat, A (m, C).
struct Normalized {
    std::vector<double> mean, var, x_hat, A;
};

// Batch normalization of x (m, C) row-major, column by column, in double, by `rule`.
Normalized normalize(const std::vector<double>& x, const std::vector<double>& gamma, const std::vector<double>& beta,
                     Rule rule = Rule::right) {
    const std::size_t C = gamma.size(), m = x.size() / C;
    Normalized out{std::vector<double>(C), std::vector<double>(C), std::vector<double>(x.size()),
                   std::vector<double>(x.size())};
    for (std::size_t c = 0; c < C; ++c) {
        double sum = 0, squares = 0;
        for (std::size_t r = 0; r < m; ++r) sum += x[r * C + c];
        const double mean = sum / m;
        for (std::size_t r = 0; r < m; ++r) squares += (x[r * C + c] - mean) * (x[r * C + c] - mean);
        const double var = squares / (rule == Rule::unbiased_variance ? m - 1 : m);
        const double std_dev =
            rule == Rule::epsilon_outside_root ? std::sqrt(var) + kEpsilon : std::sqrt(var + kEpsilon);
        out.mean[c] = mean;
        out.var[c] = var;
        for (std::size_t r = 0; r < m; ++r) {
            out.x_hat[r * C + c] = (x[r * C + c] - mean) / std_dev;
            out.A[r * C + c] = gamma[c] * out.x_hat[r * C + c] + beta[c];
        }
    }
    return out;
}

Matrix to_matrix(const std::vector<double>& values, std::size_t cols) {
    Matrix M(values.size() / cols, cols);
    for (std::size_t i = 0; i < values.size(); ++i) M.data()[i] = static_cast<Scalar>(values[i]);
    return M;
}

// The learner's forward pass, all four results.
struct Forward {
    Matrix A, x_hat, mean, var;
};
Forward forward(const Matrix& X, const Matrix& gamma, const Matrix& beta) {
    Forward f;
    f.A = exercise::batchnorm_forward(X, gamma, beta, kEpsilon, f.x_hat, f.mean, f.var);
    return f;
}

// `got` against `expected`, named `what`, naming the `known` mistakes: relative 1e-4, absolute
// 1e-5, the float rounding of sums over the rows with room to spare.
::testing::AssertionResult Close(const Matrix& got, const Matrix& expected, const char* what,
                                 const std::vector<Mistake>& known = {}) {
    auto result = matches(got, expected, known, 1e-4, 1e-5);
    if (!result) return ::testing::AssertionFailure() << what << ": " << result.message();
    return result;
}

// Checks the learner's forward pass on X against `expected` (the hand-worked values), naming
// the forward mistakes that the naive loops compute on the same X.
void expect_forward(const Matrix& X, const Matrix& gamma, const Matrix& beta, const Normalized& expected) {
    const auto x = to_doubles(X), g = to_doubles(gamma), b = to_doubles(beta);
    const Normalized unbiased = normalize(x, g, b, Rule::unbiased_variance);
    const Normalized outside = normalize(x, g, b, Rule::epsilon_outside_root);
    const std::size_t C = X.cols();
    const Forward f = forward(X, gamma, beta);
    EXPECT_TRUE(Close(f.mean, to_matrix(expected.mean, C), "mean"));
    EXPECT_TRUE(Close(f.var, to_matrix(expected.var, C), "var",
                      {mistake(to_matrix(unbiased.var, C), kUnbiasedVariance)}));
    EXPECT_TRUE(Close(f.x_hat, to_matrix(expected.x_hat, C), "x_hat",
                      {mistake(to_matrix(unbiased.x_hat, C), kUnbiasedVariance),
                       mistake(to_matrix(outside.x_hat, C), kEpsilonOutsideRoot)}));
    EXPECT_TRUE(Close(f.A, to_matrix(expected.A, C), "A",
                      {mistake(to_matrix(unbiased.A, C), kUnbiasedVariance),
                       mistake(to_matrix(outside.A, C), kEpsilonOutsideRoot)}));
}

// What the usual backward mistakes give for dgamma, dbeta and dX.
struct Known {
    std::vector<Mistake> dgamma, dbeta, dX;
};
Known backward_mistakes(const Matrix& dA, const Matrix& x_hat, const Matrix& var, const Matrix& gamma) {
    const Scalar m = static_cast<Scalar>(dA.rows());
    const Matrix root = (var + Scalar(kEpsilon)).apply([](Scalar v) { return std::sqrt(v); });
    const Matrix root_plus = var.apply([](Scalar v) { return std::sqrt(v) + Scalar(kEpsilon); });
    const Matrix bracket = dA * m - dA.sum(0) - x_hat * (dA * x_hat).sum(0);
    return {{mistake(dA.sum(0), kDgammaWithoutXHat)},
            {mistake(dA.mean(0), kDbetaAveraged)},
            {mistake(dA * (gamma / root), kConstantStatistics),
             mistake(bracket * (gamma / root_plus / m), kEpsilonOutsideRoot)}};
}

// The 4x2 batch worked out by hand: column 0 is 1, 3, 5, 7; column 1 is 0.1, 0.1, 0.3, 0.1,
// whose variance is small enough for epsilon to matter.
const Matrix kX{{1, 0.1f}, {3, 0.1f}, {5, 0.3f}, {7, 0.1f}};
const Matrix kGamma{{2, 0.5f}}, kBeta{{1, -1}};
// Column 0: mean 4, deviations -3 -1 1 3, var (9 + 1 + 1 + 9) / 4 = 5, sqrt(5.001) = 2.2362916.
// Column 1: mean 0.15, deviations -0.05 -0.05 0.15 -0.05, var 0.03 / 4 = 0.0075, sqrt(0.0085) = 0.0921954.
const double kRoot0 = std::sqrt(5 + kEpsilon), kRoot1 = std::sqrt(0.0075 + kEpsilon);

TEST(BatchNormForward, HandComputedOn4By2) {
    Normalized expected;
    expected.mean = {4, 0.15};
    expected.var = {5, 0.0075};
    // x_hat = deviation / root: column 0 -1.3415066 -0.4471689 0.4471689 1.3415066,
    // column 1 -0.5423261 -0.5423261 1.6269784 -0.5423261.
    expected.x_hat = {-3 / kRoot0, -0.05 / kRoot1, -1 / kRoot0, -0.05 / kRoot1,
                      1 / kRoot0,  0.15 / kRoot1,  3 / kRoot0,  -0.05 / kRoot1};
    // A = gamma * x_hat + beta: column 0 is 2 x_hat + 1, column 1 is 0.5 x_hat - 1.
    for (std::size_t i = 0; i < 8; ++i)
        expected.A.push_back(i % 2 == 0 ? 2 * expected.x_hat[i] + 1 : 0.5 * expected.x_hat[i] - 1);
    expect_forward(kX, kGamma, kBeta, expected);
}

TEST(BatchNormForward, NormalizesEachChannelOfAnImageBatch) {
    // Two 3x3 images of 2 channels, (N, H * W * C) = (2, 18): channels-last, so reshape(N * H * W, C)
    // puts each channel in its own column, and the statistics run over all N * H * W = 18 pixels.
    neurona::Rng rng(33);
    Matrix images = rng.uniform_matrix(2, 18, -1, 3);
    for (std::size_t k = 1; k < 18; k += 2) images(0, k) *= 10;  // channel 1 spreads wider in sample 0
    const Matrix X = images.reshape(18, 2), gamma{{1.5f, -0.5f}}, beta{{0.25f, 2}};
    const auto x = to_doubles(X), g = to_doubles(gamma), b = to_doubles(beta);
    expect_forward(X, gamma, beta, normalize(x, g, b));
}

TEST(BatchNormBackward, HandComputedOn4By2) {
    // dA is the same in every row of column 0: shifting a column's inputs together does not
    // change x_hat (the mean takes the shift away), so dX = 0 there. In column 1 dA is
    // proportional to x_hat (dA = deviation / 0.05): scaling a column only changes x_hat through
    // epsilon, so dX is small but not 0.
    const Matrix dA{{1, -1}, {1, -1}, {1, 3}, {1, -1}};
    const Matrix x_hat = to_matrix({-3 / kRoot0, -0.05 / kRoot1, -1 / kRoot0, -0.05 / kRoot1, 1 / kRoot0,
                                    0.15 / kRoot1, 3 / kRoot0, -0.05 / kRoot1}, 2);
    const Matrix var{{5, 0.0075f}};
    const auto [dgamma, dbeta, dX] = exercise::batchnorm_backward(dA, x_hat, var, kGamma, kEpsilon);
    const Known known = backward_mistakes(dA, x_hat, var, kGamma);
    // dgamma = sum(dA * x_hat): column 0, the sum of x_hat, 0; column 1, (0.05 + 0.05 + 0.45 + 0.05) / kRoot1.
    EXPECT_TRUE(Close(dgamma, to_matrix({0, 0.6 / kRoot1}, 2), "dgamma", known.dgamma));
    EXPECT_TRUE(Close(dbeta, Matrix{{4, 0}}, "dbeta", known.dbeta));
    // Column 1: m dA - sum(dA) - x_hat sum(dA x_hat) = 4 dA - 0 - 0.05 dA * 0.6 / 0.0085
    // = 4 dA * 0.001 / 0.0085, so dX = 0.5 / kRoot1 / 4 * that = 0.5 * 0.001 / 0.0085^1.5 dA = 0.6380308 dA.
    const double s = 0.5 * kEpsilon / std::pow(0.0075 + kEpsilon, 1.5);
    EXPECT_TRUE(Close(dX, to_matrix({0, -s, 0, -s, 0, 3 * s, 0, -s}, 2), "dX", known.dX));
}

TEST(BatchNormBackward, MatchesCentralDifferences) {
    // L = sum(A * R) in double, so dL/dA = R; 8 rows, 3 channels, the last one of small variance.
    neurona::Rng rng(32);
    Matrix X = rng.uniform_matrix(8, 3, -1, 2);
    for (std::size_t r = 0; r < 8; ++r) X(r, 2) *= 0.05f;
    const Matrix gamma = rng.uniform_matrix(1, 3, 0.5, 1.5), beta = rng.uniform_matrix(1, 3, -1, 1),
                 R = rng.uniform_matrix(8, 3, -1, 1);
    const auto x = to_doubles(X), g = to_doubles(gamma), b = to_doubles(beta), r = to_doubles(R);
    const auto loss = [&](const std::vector<double>& xs, const std::vector<double>& gs, const std::vector<double>& bs) {
        const Normalized n = normalize(xs, gs, bs);
        double L = 0;
        for (std::size_t i = 0; i < r.size(); ++i) L += n.A[i] * r[i];
        return L;
    };
    using exercise_testing::numerical_gradient;
    const Matrix num_dX = numerical_gradient([&](const std::vector<double>& v) { return loss(v, g, b); }, X);
    const Matrix num_dgamma = numerical_gradient([&](const std::vector<double>& v) { return loss(x, v, b); }, gamma);
    const Matrix num_dbeta = numerical_gradient([&](const std::vector<double>& v) { return loss(x, g, v); }, beta);

    // Your forward pass gives x_hat and var, your backward pass the gradients: the pair as a layer.
    const Forward f = forward(X, gamma, beta);
    const auto [dgamma, dbeta, dX] = exercise::batchnorm_backward(R, f.x_hat, f.var, gamma, kEpsilon);
    const Known known = backward_mistakes(R, f.x_hat, f.var, gamma);
    // Relative to each gradient's size (gradcheck.hpp): float rounding leaves about 1e-6, the
    // mistakes 1e-2 or more (epsilon outside the root: about 1e-3 on the small column).
    EXPECT_TRUE(Close(dgamma, num_dgamma, "dgamma", known.dgamma));
    EXPECT_LT(exercise_testing::relative_error(dgamma, num_dgamma), 1e-4) << "dgamma";
    EXPECT_TRUE(Close(dbeta, num_dbeta, "dbeta", known.dbeta));
    EXPECT_LT(exercise_testing::relative_error(dbeta, num_dbeta), 1e-4) << "dbeta";
    EXPECT_TRUE(Close(dX, num_dX, "dX", known.dX));
    EXPECT_LT(exercise_testing::relative_error(dX, num_dX), 1e-4) << "dX";
}

TEST(BatchNorm, BadShapesThrow) {
    Matrix x_hat, mean, var;
    const Matrix X(4, 2, 1), two{{1, 1}}, three{{1, 1, 1}};
    EXPECT_THROW(exercise::batchnorm_forward(X, three, two, kEpsilon, x_hat, mean, var), std::invalid_argument)
        << "gamma (1, 3) for X of 2 columns";
    EXPECT_THROW(exercise::batchnorm_forward(X, two, three, kEpsilon, x_hat, mean, var), std::invalid_argument)
        << "beta (1, 3) for X of 2 columns";
    EXPECT_THROW(exercise::batchnorm_forward(Matrix(0, 2), two, two, kEpsilon, x_hat, mean, var), std::invalid_argument)
        << "X without rows has no mean";
    EXPECT_THROW(exercise::batchnorm_backward(Matrix(3, 2), X, two, two, kEpsilon), std::invalid_argument)
        << "dA (3, 2) and x_hat (4, 2)";
    EXPECT_THROW(exercise::batchnorm_backward(X, X, three, two, kEpsilon), std::invalid_argument)
        << "var (1, 3) for 2 columns";
}

}  // namespace
