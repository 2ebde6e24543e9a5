// Exercise 15's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "common/numerical.hpp"
#include "neurona/from_scratch.hpp"
#include "neurona/losses.hpp"
#include "neurona/random.hpp"

namespace exercise {
neurona::Matrix predict(const neurona::Matrix& xs, neurona::Scalar w, neurona::Scalar b);
neurona::Scalar loss(const neurona::Matrix& xs, const neurona::Matrix& ys, neurona::Scalar w, neurona::Scalar b);
std::pair<neurona::Scalar, neurona::Scalar> gradient(const neurona::Matrix& xs, const neurona::Matrix& ys,
                                                     neurona::Scalar w, neurona::Scalar b);
std::pair<neurona::Scalar, neurona::Scalar> gradient_descent_step(const neurona::Matrix& xs,
                                                                  const neurona::Matrix& ys, neurona::Scalar w,
                                                                  neurona::Scalar b, neurona::Scalar lr);
std::pair<neurona::Scalar, neurona::Scalar> train(const neurona::Matrix& xs, const neurona::Matrix& ys,
                                                  neurona::Scalar w0, neurona::Scalar b0, neurona::Scalar lr,
                                                  int steps);
}  // namespace exercise

namespace {

using exercise_testing::near;
using exercise_testing::ScalarMistake;
using neurona::Matrix;
using neurona::Scalar;

// Chapter 0's six points on the line y = 2x - 1.
const Matrix kXs = Matrix::column_vector({-1, 0, 1, 2, 3, 4});
const Matrix kYs = Matrix::column_vector({-3, -1, 1, 3, 5, 7});
constexpr double kN = 6;

// Tolerance of the loss and gradient values: computed in float from six terms of size <= 50,
// they are off by about 1e-5 at most; every usual mistake is off by 1 or more here.
constexpr double kTolerance = 1e-4;

// The usual mistakes, each diagnosis in one place.
const std::pair<const char*, const char*> kWithoutTwo{
    "al gradiente le falta el factor 2 que sale de derivar el cuadrado: d(e^2)/de = 2e",
    "the gradient lacks the factor 2 that comes from differentiating the square: d(e^2)/de = 2e"};
const std::pair<const char*, const char*> kWithoutMean{
    "el gradiente es la suma sin el 1/n: L es la media de los cuadrados, y su gradiente lleva el mismo 1/n",
    "the gradient is the sum without the 1/n: L is the mean of the squares, and its gradient keeps the same 1/n"};
const std::pair<const char*, const char*> kSignFlipped{
    "el gradiente tiene el signo cambiado: el error es y_hat - y (predicción menos valor real), no y - y_hat",
    "the gradient has the wrong sign: the miss is y_hat - y (prediction minus true value), not y - y_hat"};
const std::pair<const char*, const char*> kStepPlus{
    "el paso sube por la pendiente (w + lr dL/dw): el descenso va contra el gradiente, w - lr dL/dw",
    "the step climbs the slope (w + lr dL/dw): descent goes against the gradient, w - lr dL/dw"};
const std::pair<const char*, const char*> kLossSum{
    "la pérdida es la suma de los cuadrados, sin dividir entre n: el MSE es su media",
    "the loss is the sum of the squares, not divided by n: the MSE is their mean"};

ScalarMistake mistake(double value, const std::pair<const char*, const char*>& d) {
    return {value, d.first, d.second};
}

// The loss in double, from the definition: what the tests differentiate numerically.
double loss_in_double(const Matrix& xs, const Matrix& ys, double w, double b) {
    double sum = 0;
    for (std::size_t i = 0; i < xs.rows(); ++i) {
        const double e = w * xs(i, 0) + b - ys(i, 0);
        sum += e * e;
    }
    return sum / static_cast<double>(xs.rows());
}

// The gradient mistakes, as the values they give when the right value is `right`.
std::vector<ScalarMistake> gradient_mistakes(double right) {
    return {mistake(right / 2, kWithoutTwo), mistake(right * kN, kWithoutMean), mistake(-right, kSignFlipped)};
}

// The reference run of gradient descent, in double.
std::pair<double, double> train_in_double(double w, double b, double lr, int steps) {
    for (int k = 0; k < steps; ++k) {
        double dw = 0, db = 0;
        for (std::size_t i = 0; i < kXs.rows(); ++i) {
            const double e = w * kXs(i, 0) + b - kYs(i, 0);
            dw += 2 * e * kXs(i, 0) / kN;
            db += 2 * e / kN;
        }
        w -= lr * dw;
        b -= lr * db;
    }
    return {w, b};
}

TEST(Predict, HandComputed) {
    // On the rule itself the predictions are exactly the ys.
    EXPECT_TRUE(exercise_testing::matches(exercise::predict(kXs, 2, -1), kYs));
    // 0.5 x + 1 at x = -1, 0, ..., 4.
    EXPECT_TRUE(exercise_testing::matches(exercise::predict(kXs, 0.5f, 1),
                                          Matrix::column_vector({0.5f, 1, 1.5f, 2, 2.5f, 3})));
}

TEST(Predict, MatchesNeuronaLinearForward) {
    // A Dense layer of one unit computes Z = X . W + b with W = [[w]] and b = [[b]].
    const Scalar w = 0.3508f, b = -0.25f;
    EXPECT_TRUE(exercise_testing::matches(exercise::predict(kXs, w, b),
                                          neurona::linear_forward(kXs, Matrix{{w}}, Matrix{{b}})));
}

TEST(Loss, AtTheStartByHand) {
    // w = 0, b = 0 predicts 0 everywhere: the misses are -y, their squares 9, 1, 1, 9, 25, 49.
    const double sum = 9 + 1 + 1 + 9 + 25 + 49;
    EXPECT_TRUE(near(exercise::loss(kXs, kYs, 0, 0), sum / kN, kTolerance, {mistake(sum, kLossSum)}));
}

TEST(Loss, IsZeroOnTheRule) {
    EXPECT_TRUE(near(exercise::loss(kXs, kYs, 2, -1), 0, kTolerance));
}

TEST(Loss, MatchesNeuronaMSE) {
    neurona::Rng rng(1);
    for (int k = 0; k < 5; ++k) {
        const Scalar w = static_cast<Scalar>(rng.uniform(-3, 3)), b = static_cast<Scalar>(rng.uniform(-3, 3));
        const double expected = neurona::mse(kYs, neurona::linear_forward(kXs, Matrix{{w}}, Matrix{{b}}));
        EXPECT_TRUE(near(exercise::loss(kXs, kYs, w, b), expected, kTolerance * std::max(1.0, expected),
                         {mistake(expected * kN, kLossSum)}))
            << "w = " << w << ", b = " << b;
    }
}

TEST(Loss, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::loss(kXs, Matrix::column_vector({1, 2, 3}), 1, 0), std::invalid_argument);
    EXPECT_THROW(exercise::gradient(kXs, Matrix::column_vector({1, 2, 3}), 1, 0), std::invalid_argument);
}

TEST(Gradient, AtTheStartByHand) {
    // At w = 0, b = 0 the misses y_hat - y are 3, 1, -1, -3, -5, -7. Their sum is -12 and
    // sum(miss * x) = 3*-1 + 1*0 + -1*1 + -3*2 + -5*3 + -7*4 = -53.
    const double dw = 2 / kN * -53, db = 2 / kN * -12;
    const auto [got_dw, got_db] = exercise::gradient(kXs, kYs, 0, 0);
    EXPECT_TRUE(near(got_dw, dw, kTolerance, gradient_mistakes(dw))) << "dL/dw";
    EXPECT_TRUE(near(got_db, db, kTolerance, gradient_mistakes(db))) << "dL/db";
}

TEST(Gradient, IsZeroOnTheRule) {
    const auto [dw, db] = exercise::gradient(kXs, kYs, 2, -1);
    EXPECT_TRUE(near(dw, 0, kTolerance)) << "dL/dw at the bottom of the bowl";
    EXPECT_TRUE(near(db, 0, kTolerance)) << "dL/db at the bottom of the bowl";
}

TEST(Gradient, MatchesCentralDifferences) {
    // dL/dw ~ (L(w + h, b) - L(w - h, b)) / 2h with L in double: exact to about 1e-9 here (L
    // is quadratic, so only rounding is left). The learner's float gradient is off by about
    // 1e-6 of its size; the tolerance is 1e-4 of it.
    neurona::Rng rng(2);
    for (int k = 0; k < 5; ++k) {
        // Points on a grid of eighths, exact in float and short to print.
        const double w = std::round(rng.uniform(-3, 3) * 8) / 8, b = std::round(rng.uniform(-3, 3) * 8) / 8;
        const double num_dw = exercise_testing::numerical_derivative(
            [&](double w_) { return loss_in_double(kXs, kYs, w_, b); }, w);
        const double num_db = exercise_testing::numerical_derivative(
            [&](double b_) { return loss_in_double(kXs, kYs, w, b_); }, b);
        const auto [dw, db] = exercise::gradient(kXs, kYs, static_cast<Scalar>(w), static_cast<Scalar>(b));
        EXPECT_TRUE(near(dw, num_dw, kTolerance * std::max(1.0, std::abs(num_dw)), gradient_mistakes(num_dw)))
            << "dL/dw at w = " << w << ", b = " << b;
        EXPECT_TRUE(near(db, num_db, kTolerance * std::max(1.0, std::abs(num_db)), gradient_mistakes(num_db)))
            << "dL/db at w = " << w << ", b = " << b;
    }
}

// Checks one step from (w, b) against the expected (w, b) - lr (dL/dw, dL/db). When the
// learner's gradient is right, a wrong step is the step's own mistake, and a step uphill is named.
void check_step(Scalar w, Scalar b, Scalar lr, double dw, double db) {
    const auto [new_w, new_b] = exercise::gradient_descent_step(kXs, kYs, w, b, lr);
    const auto [got_dw, got_db] = exercise::gradient(kXs, kYs, w, b);
    const bool gradient_right = std::abs(got_dw - dw) <= kTolerance * std::max(1.0, std::abs(dw)) &&
                                std::abs(got_db - db) <= kTolerance * std::max(1.0, std::abs(db));
    std::vector<ScalarMistake> w_known, b_known;
    if (gradient_right) {
        w_known.push_back(mistake(w + lr * dw, kStepPlus));
        b_known.push_back(mistake(b + lr * db, kStepPlus));
    }
    const char* note = gradient_right ? "" : " (the step uses your gradient, which is wrong: fix gradient first)";
    // The step's values are of size <= 3: float rounding is about 1e-7.
    EXPECT_TRUE(near(new_w, w - lr * dw, 1e-5, w_known)) << "w after the step from (" << w << ", " << b << ")" << note;
    EXPECT_TRUE(near(new_b, b - lr * db, 1e-5, b_known)) << "b after the step from (" << w << ", " << b << ")" << note;
}

TEST(GradientDescentStep, FirstStepByHand) {
    // From (0, 0), dL/dw = 2/6 * -53 and dL/db = 2/6 * -12 (see Gradient.AtTheStartByHand), so
    // with lr = 0.01, w = 0 - 0.01 * (-17.667) = 0.17667 and b = 0 - 0.01 * (-4) = 0.04: both move
    // towards (2, -1).
    check_step(0, 0, 0.01f, 2 / kN * -53, 2 / kN * -12);
}

TEST(GradientDescentStep, FromOtherPoints) {
    for (const auto& [w, b, lr] : {std::tuple{0.375f, 0.0f, 0.01f}, {-1.5f, 2.0f, 0.05f}, {2.5f, -1.25f, 0.1f}}) {
        const double dw = exercise_testing::numerical_derivative(
            [&](double w_) { return loss_in_double(kXs, kYs, w_, b); }, w);
        const double db = exercise_testing::numerical_derivative(
            [&](double b_) { return loss_in_double(kXs, kYs, w, b_); }, b);
        check_step(w, b, lr, dw, db);
    }
}

TEST(Train, ZeroStepsReturnTheStart) {
    const auto [w, b] = exercise::train(kXs, kYs, 0.5f, 0.25f, 0.01f, 0);
    EXPECT_EQ(w, 0.5f);
    EXPECT_EQ(b, 0.25f);
}

TEST(Train, FollowsTheChapterRun) {
    // lr = 0.01 (Keras's SGD) and 500 steps, as chapter 0's 500 epochs of one batch each, from
    // (0, 0): compared with the same run in double. A float run drifts from it by about 1e-6;
    // the tolerance is 1e-4. Near, not at, (2, -1): the flat direction of the bowl shrinks the
    // error by only 1 % per step (chapter 0, "In depth").
    const auto [w, b] = exercise::train(kXs, kYs, 0, 0, 0.01f, 500);
    const auto [ref_w, ref_b] = train_in_double(0, 0, 0.01, 500);
    EXPECT_TRUE(near(w, ref_w, 1e-4)) << "w after 500 steps";
    EXPECT_TRUE(near(b, ref_b, 1e-4)) << "b after 500 steps";
}

TEST(Train, ConvergesToTheRule) {
    // With lr = 0.05 the flat direction (curvature 1.03) keeps a factor 1 - 0.05 * 1.03 = 0.95
    // of the error per step, 0.95^500 ~ 1e-11 after 500 steps; the steep one (curvature 11.3)
    // is stable below lr = 2 / 11.3 = 0.18. What is left is float rounding, about 1e-6, well
    // inside the tolerance 1e-4 (the chapter's lr = 0.01 stops about 0.008 away).
    const auto [w, b] = exercise::train(kXs, kYs, 0, 0, 0.05f, 500);
    EXPECT_TRUE(near(w, 2, 1e-4)) << "w after 500 steps of lr 0.05";
    EXPECT_TRUE(near(b, -1, 1e-4)) << "b after 500 steps of lr 0.05";
    const Matrix y10 = exercise::predict(Matrix{{10}}, w, b);
    ASSERT_EQ(y10.shape(), "(1, 1)");
    EXPECT_TRUE(near(y10(0, 0), 19, 1e-3)) << "the trained neuron at x = 10 (2 * 10 - 1 = 19)";
}

}  // namespace
