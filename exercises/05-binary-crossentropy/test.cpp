// Exercise 05's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/gradcheck.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Scalar binary_crossentropy(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
neurona::Matrix binary_crossentropy_gradient(const neurona::Matrix& y_true,
                                             const neurona::Matrix& y_pred);
}  // namespace exercise

namespace {

using exercise_testing::matches;
using exercise_testing::Mistake;
using exercise_testing::near;
using exercise_testing::ScalarMistake;
using neurona::kEpsilon;
using neurona::Matrix;
using neurona::Scalar;

// The usual mistakes, each diagnosis in one place: (Spanish, English).
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
using exercise_testing::diagnose;
const Diagnosis kNoClip{
    "sin recortar p a [1e-7, 1 - 1e-7], log(0) = -inf: la pérdida da inf o NaN cuando una predicción vale "
    "exactamente 0 o 1; recorta p como Keras (neurona::kEpsilon)",
    "without clipping p to [1e-7, 1 - 1e-7], log(0) = -inf: the loss is inf or NaN when a prediction is exactly "
    "0 or 1; clip p as Keras does (neurona::kEpsilon)"};
const Diagnosis kLossSum{
    "la pérdida es la suma sobre los elementos, sin dividir entre n: la entropía cruzada binaria es la media, "
    "-(1/n) sum [y log p + (1 - y) log(1 - p)]",
    "the loss is the sum over the elements, not divided by n: binary cross-entropy is the mean, "
    "-(1/n) sum [y log p + (1 - y) log(1 - p)]"};
const Diagnosis kSignFlipped{
    "el gradiente tiene el signo cambiado: dL/dp = (p - y) / (p (1 - p)) / n, negativo cuando y = 1 "
    "(subir p baja la pérdida)",
    "the gradient has the wrong sign: dL/dp = (p - y) / (p (1 - p)) / n, negative when y = 1 "
    "(raising p lowers the loss)"};
const Diagnosis kOneTerm{
    "el gradiente es -y / p / n: falta la derivada del término (1 - y) log(1 - p), que suma (1 - y) / (1 - p) / n",
    "the gradient is -y / p / n: the derivative of the (1 - y) log(1 - p) term, which adds (1 - y) / (1 - p) / n, "
    "is missing"};
const Diagnosis kWithoutMean{
    "al gradiente le falta el 1/n: L es una media, así que dL/dp = (p - y) / (p (1 - p)) / n",
    "the gradient lacks the 1/n: L is a mean, so dL/dp = (p - y) / (p (1 - p)) / n"};
const Diagnosis kThroughClip{
    "donde y_pred se recortó, el gradiente debe ser 0 (ahí la pérdida no cambia al mover y_pred), no la fórmula "
    "evaluada en el borde del recorte",
    "where y_pred was clipped the gradient must be 0 (the loss does not change there when y_pred moves), not the "
    "formula evaluated at the clip's edge"};


// The loss in double from the definition, p clipped as Keras does.
double loss_in_double(const Matrix& y, const Matrix& p) {
    double sum = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double yi = y.values()[i], c = std::clamp(p.values()[i], kEpsilon, 1 - kEpsilon);
        sum += yi * std::log(c) + (1 - yi) * std::log(1 - c);
    }
    return -sum / static_cast<double>(p.size());
}
std::vector<ScalarMistake> loss_mistakes(const Matrix& y, const Matrix& p) {
    return {mistake(loss_in_double(y, p) * static_cast<double>(p.size()), kLossSum)};
}

// A gradient in float, `formula(y, c, n)` at every element, c = p clipped: 0 where p was
// clipped, unless `through_clip`.
using Formula = Scalar (*)(Scalar y, Scalar c, Scalar n);
Matrix gradient_with(const Matrix& y, const Matrix& p, Formula formula, bool through_clip = false) {
    const Scalar n = static_cast<Scalar>(p.size());
    Matrix g(p.rows(), p.cols());
    for (std::size_t i = 0; i < p.size(); ++i) {
        const Scalar c = std::clamp(p.values()[i], kEpsilon, 1 - kEpsilon);
        g.data()[i] = c == p.values()[i] || through_clip ? formula(y.values()[i], c, n) : 0;
    }
    return g;
}
Scalar right_formula(Scalar y, Scalar c, Scalar n) { return (c - y) / (c * (1 - c)) / n; }
std::vector<Mistake> gradient_mistakes(const Matrix& y, const Matrix& p) {
    return {mistake(gradient_with(y, p, [](Scalar y, Scalar c, Scalar n) { return (y - c) / (c * (1 - c)) / n; }),
                    kSignFlipped),
            mistake(gradient_with(y, p, [](Scalar y, Scalar c, Scalar n) { return -y / c / n; }), kOneTerm),
            mistake(gradient_with(y, p, [](Scalar y, Scalar c, Scalar) { return (c - y) / (c * (1 - c)); }),
                    kWithoutMean),
            mistake(gradient_with(y, p, right_formula, true), kThroughClip)};
}

// Tolerance of the gradient check, relative to the gradient's size: the float gradient is off
// by about 1e-7 of it, the double central difference (h = 1e-6, p in [0.05, 0.95]) by about
// 1e-8; a forgotten term or 1/n is off by 0.9 or more.
constexpr double kTolerance = 1e-4;

// Labels in {0, 1} and predictions in [0.05, 0.95), (6, 2), fixed by the seed.
std::pair<Matrix, Matrix> random_batch(std::uint64_t seed) {
    neurona::Rng rng(seed);
    Matrix y = rng.uniform_matrix(6, 2, 0, 1).apply([](Scalar u) { return u < 0.5f ? Scalar(0) : Scalar(1); });
    return {y, rng.uniform_matrix(6, 2, 0.05, 0.95)};
}

TEST(BinaryCrossentropy, HandComputedValues) {
    EXPECT_NEAR(exercise::binary_crossentropy(Matrix{{1}}, Matrix{{0.5}}), std::log(2.0), 1e-6);
    EXPECT_NEAR(exercise::binary_crossentropy(Matrix{{0}}, Matrix{{0.5}}), std::log(2.0), 1e-6);
    // -(ln 0.9 + ln 0.8) / 2, as a row and as a column.
    const double expected = -(std::log(0.9) + std::log(0.8)) / 2;
    for (const auto& [y, p] : {std::pair{Matrix{{1, 0}}, Matrix{{0.9f, 0.2f}}},
                               std::pair{Matrix{{1}, {0}}, Matrix{{0.9f}, {0.2f}}}})
        EXPECT_TRUE(near(exercise::binary_crossentropy(y, p), expected, 1e-6, loss_mistakes(y, p)))
            << "y_pred " << p.shape();
}

TEST(BinaryCrossentropy, PerfectPredictionIsAboutZero) {
    const Scalar L = exercise::binary_crossentropy(Matrix{{1, 0, 1}}, Matrix{{1, 0, 1}});
    EXPECT_FALSE(std::isnan(L)) << "0 log 0 is 0 * -inf = NaN\n" << diagnose(kNoClip);
    EXPECT_NEAR(L, 0, 1e-6) << "p = 1 is clipped to 1 - 1e-7: the loss is about 1e-7, not NaN";
}

TEST(BinaryCrossentropy, ConfidentlyWrongIsFiniteBecauseOfTheClip) {
    // p = 0 for y = 1: log(0) = -inf without the clip; with it, -log(1e-7) = 16.118.
    // (p = 1 for y = 0 gives -log(1 - (1 - 1e-7)), about 15.9 in float, where 1 - 1e-7 rounds.)
    for (const auto& [y, p] : {std::pair{Scalar(1), Scalar(0)}, std::pair{Scalar(0), Scalar(1)}}) {
        const Scalar L = exercise::binary_crossentropy(Matrix{{y}}, Matrix{{p}});
        EXPECT_TRUE(std::isfinite(L)) << "y = " << y << ", p = " << p << ": " << L << "\n" << diagnose(kNoClip);
        EXPECT_GT(L, 15.5) << "y = " << y << ", p = " << p;
        EXPECT_LT(L, 16.5) << "y = " << y << ", p = " << p;
    }
}

TEST(BinaryCrossentropy, MatchesTheLibrary) {
    const auto [y, p] = random_batch(1);
    EXPECT_TRUE(
        near(exercise::binary_crossentropy(y, p), neurona::binary_crossentropy(y, p), 1e-5, loss_mistakes(y, p)));
}

TEST(BinaryCrossentropy, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::binary_crossentropy(Matrix(2, 1, 0.5), Matrix(1, 2, 0.5)), std::invalid_argument);
}

TEST(BinaryCrossentropyGradient, HandComputedValues) {
    // y = 1, p = 0.5: (0.5 - 1) / 0.25 = -2.
    const Matrix y1{{1}}, p1{{0.5}};
    EXPECT_TRUE(matches(exercise::binary_crossentropy_gradient(y1, p1), Matrix{{-2}}, gradient_mistakes(y1, p1)));
    // y = (1, 0), p = (0.9, 0.2): (-0.1 / 0.09, 0.2 / 0.16) / 2.
    const Matrix y2{{1, 0}}, p2{{0.9f, 0.2f}};
    EXPECT_TRUE(matches(exercise::binary_crossentropy_gradient(y2, p2), Matrix{{-0.1f / 0.09f / 2, 0.2f / 0.16f / 2}},
                        gradient_mistakes(y2, p2)));
}

TEST(BinaryCrossentropyGradient, IsZeroWherePredictionsWereClipped) {
    const Matrix y{{1, 0, 1}}, p{{0, 1, 0.5}};
    const Matrix g = exercise::binary_crossentropy_gradient(y, p);
    ASSERT_TRUE(g.same_shape(Matrix(1, 3))) << "shape " << g.shape();
    // 0 where clipped; (0.5 - 1) / 0.25 / 3 for the last.
    EXPECT_TRUE(matches(g, Matrix{{0, 0, -2.0f / 3}}, gradient_mistakes(y, p)));
}

// The largest error, relative to the gradient's size, against central differences of the loss.
double gradient_error(Matrix (*gradient)(const Matrix&, const Matrix&)) {
    const auto [y, p] = random_batch(2);
    const std::vector<double> yd = exercise_testing::to_doubles(y);
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& pd) {
            double sum = 0;
            for (std::size_t i = 0; i < pd.size(); ++i)
                sum += yd[i] * std::log(pd[i]) + (1 - yd[i]) * std::log(1 - pd[i]);
            return -sum / static_cast<double>(pd.size());
        },
        p);
    const Matrix analytic = gradient(y, p);
    return exercise_testing::relative_error(analytic, numerical);
}

TEST(BinaryCrossentropyGradient, MatchesTheLibrary) {
    const auto [y, p] = random_batch(3);
    EXPECT_TRUE(matches(exercise::binary_crossentropy_gradient(y, p), neurona::binary_crossentropy_gradient(y, p),
                        gradient_mistakes(y, p)));
}

TEST(BinaryCrossentropyGradient, MatchesCentralDifferences) {
    EXPECT_LT(gradient_error(exercise::binary_crossentropy_gradient), kTolerance);
}

TEST(BinaryCrossentropyGradient, TheCheckCatchesCommonMistakes) {
    // -y / p / n: the (1 - y) log(1 - p) term forgotten.
    EXPECT_GT(gradient_error([](const Matrix& y, const Matrix& p) {
                  return -(y / p) / static_cast<Scalar>(p.size());
              }),
              1e-2);
    // The 1/n forgotten.
    EXPECT_GT(gradient_error([](const Matrix& y, const Matrix& p) {
                  return (p - y) / (p * (1.0f - p));
              }),
              1e-2);
    EXPECT_LT(gradient_error(neurona::binary_crossentropy_gradient), kTolerance);
}

TEST(BinaryCrossentropyGradient, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::binary_crossentropy_gradient(Matrix(2, 1, 0.5), Matrix(1, 2, 0.5)),
                 std::invalid_argument);
}

}  // namespace
