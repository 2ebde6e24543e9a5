// Exercise 08's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/activations.hpp"
#include "neurona/data/preprocessing.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar softmax_crossentropy(const neurona::Matrix& Z, const neurona::Matrix& Y);
neurona::Matrix softmax_crossentropy_gradient(const neurona::Matrix& Z, const neurona::Matrix& Y);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;

// Tolerance of the gradient check, relative to the gradient's size: float rounding gives about
// 1e-7 of it, the double central difference about 1e-9; without the 1/batch (batch 4) the
// gradient is 4 times too large, an error of 3.
constexpr double kTolerance = 1e-4;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
const Diagnosis kNoBatchDivision{"dL/dZ es P - Y sin dividir entre el tamaño del lote; se espera (P - Y) / batch",
                             "dL/dZ is P - Y without the division by the batch size; (P - Y) / batch is expected"};
const Diagnosis kSignFlipped{"el gradiente tiene el signo cambiado: Y - P en lugar de P - Y",
                         "the gradient's sign is flipped: Y - P instead of P - Y"};
const Diagnosis kMeanOverClasses{"la pérdida se promedió sobre todos los elementos (lote x clases); se promedia solo "
                             "sobre las muestras del lote",
                             "the loss was averaged over every element (batch x classes); it is averaged over the "
                             "samples of the batch only"};
const Diagnosis kClipped{"la pérdida se calculó con P recortada a [1e-7, 1 - 1e-7], como hace Keras con "
                     "probabilidades; desde los logits es exacta (log-sum-exp)",
                     "the loss was computed from P clipped to [1e-7, 1 - 1e-7], as Keras does with probabilities; "
                     "from the logits it is exact (log-sum-exp)"};
const Diagnosis kOverflow{"log(sum e^Z) desborda con logits grandes: resta el máximo de la fila antes de std::exp "
                      "(log-sum-exp)",
                      "log(sum e^Z) overflows with large logits: subtract the row maximum before std::exp "
                      "(log-sum-exp)"};

// log softmax(Z) in double, row by row: z_j - log(sum_k e^z_k), with the row maximum taken out.
std::vector<double> log_softmax_double(const Matrix& Z) {
    std::vector<double> logP(Z.size());
    for (std::size_t r = 0; r < Z.rows(); ++r) {
        double m = Z(r, 0), sum = 0;
        for (std::size_t j = 0; j < Z.cols(); ++j) m = std::max(m, static_cast<double>(Z(r, j)));
        for (std::size_t j = 0; j < Z.cols(); ++j) sum += std::exp(Z(r, j) - m);
        for (std::size_t j = 0; j < Z.cols(); ++j) logP[r * Z.cols() + j] = Z(r, j) - m - std::log(sum);
    }
    return logP;
}

// What the usual wrong losses give on (Z, Y): averaged over batch x classes, and computed from
// probabilities clipped to [1e-7, 1 - 1e-7] (Keras's clipping, which caps -log P at -log(1e-7)).
std::vector<exercise_testing::ScalarMistake> loss_mistakes(const Matrix& Z, const Matrix& Y) {
    if (!Z.same_shape(Y) || Z.empty()) return {};
    const std::vector<double> logP = log_softmax_double(Z);
    double exact = 0, clipped = 0;
    for (std::size_t i = 0; i < logP.size(); ++i) {
        exact -= Y.data()[i] * logP[i];
        clipped -= Y.data()[i] * std::log(std::clamp(std::exp(logP[i]), 1e-7, 1 - 1e-7));
    }
    const double batch = static_cast<double>(Z.rows()), elements = static_cast<double>(Z.size());
    return {{exact / elements, kMeanOverClasses.es, kMeanOverClasses.en},
            {clipped / batch, kClipped.es, kClipped.en}};
}

// The loss check: within `tolerance` of `expected`, naming the usual mistakes; a loss that is
// not finite for logits beyond float's e^88 is the overflow of log(sum e^Z).
::testing::AssertionResult LossNear(const Matrix& Z, const Matrix& Y, double expected, double tolerance) {
    const double got = exercise::softmax_crossentropy(Z, Y);
    if (!std::isfinite(got) && Z.size() > 0 && std::max(Z.max(), -Z.min()) > 88)
        return ::testing::AssertionFailure() << "got " << got << ", expected " << expected << "\n"
                                             << exercise_testing::diagnose(kOverflow);
    return exercise_testing::near(got, expected, tolerance, loss_mistakes(Z, Y));
}

// What the usual wrong gradients give on (Z, Y): without the 1/batch, and with the sign flipped.
std::vector<exercise_testing::Mistake> gradient_mistakes(const Matrix& Z, const Matrix& Y) {
    if (!Z.same_shape(Y) || Z.empty()) return {};
    const std::vector<double> logP = log_softmax_double(Z);
    Matrix no_batch(Z.rows(), Z.cols()), flipped(Z.rows(), Z.cols());
    for (std::size_t i = 0; i < logP.size(); ++i) {
        const double P = std::exp(logP[i]);
        no_batch.data()[i] = static_cast<Scalar>(P - Y.data()[i]);
        flipped.data()[i] = static_cast<Scalar>((Y.data()[i] - P) / static_cast<double>(Z.rows()));
    }
    return {{no_batch, kNoBatchDivision.es, kNoBatchDivision.en}, {flipped, kSignFlipped.es, kSignFlipped.en}};
}

// The gradient check: the gradient on (Z, Y) has `expected`'s values, naming the usual mistakes.
::testing::AssertionResult GradientMatches(const Matrix& Z, const Matrix& Y, const Matrix& expected) {
    return exercise_testing::matches(exercise::softmax_crossentropy_gradient(Z, Y), expected,
                                     gradient_mistakes(Z, Y));
}

// Logits in [-3, 3) for 4 samples and 5 classes, and one-hot labels, fixed by the seed.
std::pair<Matrix, Matrix> random_batch(std::uint64_t seed) {
    neurona::Rng rng(seed);
    Matrix Z = rng.uniform_matrix(4, 5, -3, 3);
    Matrix labels(4, 1);
    for (std::size_t r = 0; r < 4; ++r) labels(r, 0) = static_cast<Scalar>(rng.below(5));
    return {Z, neurona::to_categorical(labels, 5)};
}

TEST(SoftmaxCrossentropy, HandComputedValues) {
    // Equal logits: P = (1/2, 1/2), L = -log(1/2).
    EXPECT_TRUE(LossNear(Matrix{{0, 0}}, Matrix{{1, 0}}, std::log(2.0), 1e-6));
    // Two rows: P = (1/2, 1/2) and (1/4, 3/4); L = (ln 2 - ln 0.75) / 2.
    const Matrix Z{{0, 0}, {0, std::log(3.0f)}}, Y{{1, 0}, {0, 1}};
    EXPECT_TRUE(LossNear(Z, Y, (std::log(2.0) - std::log(0.75)) / 2, 1e-6));
}

TEST(SoftmaxCrossentropy, MatchesTheLibrary) {
    const auto [Z, Y] = random_batch(1);
    EXPECT_TRUE(LossNear(Z, Y, neurona::categorical_crossentropy(Y, neurona::softmax(Z)), 1e-5));
}

TEST(SoftmaxCrossentropy, ExactAndFiniteForLargeLogits) {
    // A confident wrong answer: -log P_1 = log(e^100 + e^0) - 0 = 100 (+ e^-100).
    // Clipping P to 1e-7 would cap it at -log(1e-7) (loss_mistakes computes it).
    EXPECT_TRUE(LossNear(Matrix{{100, 0}}, Matrix{{0, 1}}, 100, 1e-4));
    // A confident right answer: about e^-200, that is 0.
    EXPECT_TRUE(LossNear(Matrix{{-100, 100}}, Matrix{{0, 1}}, 0, 1e-6));
    // Beyond double's range too (e^1000 overflows it, e^-1000 underflows to 0): the row
    // maximum must be taken out.
    EXPECT_TRUE(LossNear(Matrix{{1000, 0}}, Matrix{{0, 1}}, 1000, 1e-3));
    EXPECT_TRUE(LossNear(Matrix{{-1000, -1000}}, Matrix{{1, 0}}, std::log(2.0), 1e-6));
}

TEST(SoftmaxCrossentropyGradient, HandComputedValues) {
    EXPECT_TRUE(GradientMatches(Matrix{{0, 0}}, Matrix{{1, 0}}, Matrix{{-0.5, 0.5}}));
    // (P - Y) / 2 with P = (1/2, 1/2) and (1/4, 3/4).
    const Matrix Z{{0, 0}, {0, std::log(3.0f)}}, Y{{1, 0}, {0, 1}};
    EXPECT_TRUE(GradientMatches(Z, Y, Matrix{{-0.25, 0.25}, {0.125, -0.125}}));
}

TEST(SoftmaxCrossentropyGradient, FiniteForLargeLogits) {
    EXPECT_TRUE(GradientMatches(Matrix{{100, 0}, {-100, 100}}, Matrix{{0, 1}, {0, 1}}, Matrix{{0.5, -0.5}, {0, 0}}));
}

TEST(SoftmaxCrossentropyGradient, MatchesTheLibrarysChain) {
    // The long way: softmax's backward applied to the cross-entropy's gradient dL/dP.
    const auto [Z, Y] = random_batch(2);
    const Matrix P = neurona::softmax(Z);
    const Matrix expected =
        neurona::get_activation("softmax").backward(Z, P, neurona::categorical_crossentropy_gradient(Y, P));
    EXPECT_TRUE(GradientMatches(Z, Y, expected));
}

double gradient_error(Matrix (*gradient)(const Matrix&, const Matrix&)) {
    const auto [Z, Y] = random_batch(3);
    const std::vector<double> y = exercise_testing::to_doubles(Y);
    const std::size_t classes = Z.cols();
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& z) {
            double L = 0;
            const std::size_t batch = z.size() / classes;
            for (std::size_t r = 0; r < batch; ++r) {
                double sum = 0;
                for (std::size_t k = 0; k < classes; ++k) sum += std::exp(z[r * classes + k]);
                for (std::size_t j = 0; j < classes; ++j)
                    L -= y[r * classes + j] * std::log(std::exp(z[r * classes + j]) / sum);
            }
            return L / static_cast<double>(batch);
        },
        Z);
    return exercise_testing::relative_error(gradient(Z, Y), numerical);
}

TEST(SoftmaxCrossentropyGradient, MatchesCentralDifferences) {
    EXPECT_LT(gradient_error(exercise::softmax_crossentropy_gradient), kTolerance);
}

TEST(SoftmaxCrossentropyGradient, TheCheckCatchesTheMissingDivisionByTheBatch) {
    EXPECT_GT(gradient_error([](const Matrix& Z, const Matrix& Y) { return neurona::softmax(Z) - Y; }), 1e-2);
    EXPECT_LT(gradient_error([](const Matrix& Z, const Matrix& Y) {
                  return (neurona::softmax(Z) - Y) / static_cast<Scalar>(Z.rows());
              }),
              kTolerance);
}

}  // namespace
