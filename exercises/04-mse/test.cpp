// Exercise 04's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

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
neurona::Scalar mse(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
neurona::Matrix mse_gradient(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
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
const Diagnosis kLossSum{
    "la pérdida es la suma de los cuadrados, sin dividir entre n: el MSE es su media, (1/n) sum (y_pred - y_true)^2",
    "the loss is the sum of the squares, not divided by n: the MSE is their mean, (1/n) sum (y_pred - y_true)^2"};
const Diagnosis kLossOverRows{
    "la suma de los cuadrados se dividió solo entre el tamaño del lote (las filas): el MSE promedia sobre todos los "
    "elementos, n = lote x salidas",
    "the sum of the squares was divided by the batch size (the rows) only: the MSE averages over every element, "
    "n = batch x outputs"};
const Diagnosis kWithoutTwo{
    "al gradiente le falta el factor 2 que sale de derivar el cuadrado: dL/dp = 2 (p - y) / n",
    "the gradient lacks the factor 2 that comes from differentiating the square: dL/dp = 2 (p - y) / n"};
const Diagnosis kWithoutMean{
    "al gradiente le falta el 1/n: L es una media, y su gradiente lleva el mismo 1/n: dL/dp = 2 (p - y) / n",
    "the gradient lacks the 1/n: L is a mean, and its gradient keeps the same 1/n: dL/dp = 2 (p - y) / n"};
const Diagnosis kCourseDerivative{
    "el gradiente es y_pred - y_true, la derivada de la sección 1.9 del curso: le faltan el 2 y el 1/n; "
    "dL/dp = 2 (p - y) / n",
    "the gradient is y_pred - y_true, the derivative of the course's section 1.9: it lacks the 2 and the 1/n; "
    "dL/dp = 2 (p - y) / n"};
const Diagnosis kSignFlipped{
    "el gradiente tiene el signo cambiado, 2 (y_true - y_pred) / n: la derivada de (p - y)^2 respecto a p es 2 (p - y)",
    "the gradient has the wrong sign, 2 (y_true - y_pred) / n: the derivative of (p - y)^2 with respect to p is "
    "2 (p - y)"};


// sum (p - y)^2 in double, and what the loss mistakes make of it.
double sum_of_squares(const Matrix& y, const Matrix& p) {
    double sum = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double e = static_cast<double>(p.values()[i]) - y.values()[i];
        sum += e * e;
    }
    return sum;
}
std::vector<ScalarMistake> loss_mistakes(const Matrix& y, const Matrix& p) {
    const double sum = sum_of_squares(y, p);
    return {mistake(sum, kLossSum), mistake(sum / static_cast<double>(p.rows()), kLossOverRows)};
}

// The gradient mistakes on (y, p): each a multiple of p - y.
std::vector<Mistake> gradient_mistakes(const Matrix& y, const Matrix& p) {
    const Matrix e = p - y;
    const Scalar n = static_cast<Scalar>(p.size());
    return {mistake(e / n, kWithoutTwo), mistake(e * 2.0f, kWithoutMean), mistake(e, kCourseDerivative),
            mistake(e * (-2.0f / n), kSignFlipped)};
}

// Tolerance of the gradient check, relative to the gradient's size: the float gradient is off
// by about 1e-7 of it and the double central difference is exact for a quadratic (up to about
// 1e-10); a dropped 2 or 1/n is off by 0.5 or more.
constexpr double kTolerance = 1e-4;

// The course's example (section 1.9): real = (0, 0, 1, 1), prediction = (0.9, 0.5, 0.2, 0).
const Matrix kY = Matrix::column_vector({0, 0, 1, 1});
const Matrix kP = Matrix::column_vector({0.9f, 0.5f, 0.2f, 0});

TEST(Mse, TheCoursesExample) {
    // The squares of the misses are 0.81, 0.25, 0.64 and 1; the course prints their mean, 0.675.
    const double as_column = exercise::mse(kY, kP);
    EXPECT_TRUE(near(as_column, 0.675, 1e-6, {mistake(sum_of_squares(kY, kP), kLossSum)}));
    // As a (1, 4) row the batch is 1, so the sum divided by the rows is the sum itself: that is
    // the rows-only mistake when the column, with its 4 rows, came out right.
    const bool column_right = std::abs(as_column - 0.675) <= 1e-6;
    EXPECT_TRUE(near(exercise::mse(kY.T(), kP.T()), 0.675, 1e-6,
                     {mistake(sum_of_squares(kY, kP), column_right ? kLossOverRows : kLossSum)}))
        << "as a (1, 4) row";
}

TEST(Mse, HandComputedMatrix) {
    // Only one element differs, by 2: 4 / 4 elements = 1.
    const Matrix y1{{1, 2}, {3, 4}}, p1{{1, 2}, {3, 6}};
    EXPECT_TRUE(near(exercise::mse(y1, p1), 1, 1e-6, loss_mistakes(y1, p1)));
    // Means over outputs and batch: (1 + 4 + 9 + 0 + 0 + 0) / 6.
    const Matrix y2{{0, 0, 0}, {1, 1, 1}}, p2{{1, -2, 3}, {1, 1, 1}};
    EXPECT_TRUE(near(exercise::mse(y2, p2), 14.0 / 6, 1e-6, loss_mistakes(y2, p2)));
}

TEST(Mse, PerfectPredictionIsZero) {
    EXPECT_EQ(exercise::mse(kP, kP), 0);
}

TEST(Mse, MatchesTheLibrary) {
    neurona::Rng rng(1);
    const Matrix y = rng.uniform_matrix(5, 3, -2, 2), p = rng.uniform_matrix(5, 3, -2, 2);
    EXPECT_TRUE(near(exercise::mse(y, p), neurona::mse(y, p), 1e-5, loss_mistakes(y, p)));
}

TEST(Mse, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::mse(Matrix(2, 1), Matrix(1, 2)), std::invalid_argument);
    EXPECT_THROW(exercise::mse(Matrix(4, 1), Matrix(3, 1)), std::invalid_argument);
}

TEST(MseGradient, TheCoursesExampleByHand) {
    // 2 (p - y) / 4 = (0.45, 0.25, -0.4, -0.5)
    const Matrix g = exercise::mse_gradient(kY, kP);
    ASSERT_TRUE(g.same_shape(kP)) << "shape " << g.shape();
    EXPECT_TRUE(matches(g, Matrix::column_vector({0.45f, 0.25f, -0.4f, -0.5f}), gradient_mistakes(kY, kP)));
}

// The largest error, relative to the gradient's size, against central differences of the MSE.
double gradient_error(Matrix (*gradient)(const Matrix&, const Matrix&)) {
    neurona::Rng rng(2);
    const Matrix y = rng.uniform_matrix(5, 3, -1, 1), p = rng.uniform_matrix(5, 3, -1, 1);
    const std::vector<double> yd = exercise_testing::to_doubles(y);
    const Matrix numerical = exercise_testing::numerical_gradient(
        [&](const std::vector<double>& pd) {
            double sum = 0;
            for (std::size_t i = 0; i < pd.size(); ++i) sum += (pd[i] - yd[i]) * (pd[i] - yd[i]);
            return sum / static_cast<double>(pd.size());
        },
        p);
    const Matrix analytic = gradient(y, p);
    return exercise_testing::relative_error(analytic, numerical);
}

TEST(MseGradient, MatchesTheLibrary) {
    neurona::Rng rng(3);
    const Matrix y = rng.uniform_matrix(5, 3, -1, 1), p = rng.uniform_matrix(5, 3, -1, 1);
    EXPECT_TRUE(matches(exercise::mse_gradient(y, p), neurona::mse_gradient(y, p), gradient_mistakes(y, p)));
}

TEST(MseGradient, MatchesCentralDifferences) {
    EXPECT_LT(gradient_error(exercise::mse_gradient), kTolerance);
}

// Section 1.9's derivative: y_hat - y, without the 2 and the 1/n.
Matrix course_derivative(const Matrix& y_true, const Matrix& y_pred) { return y_pred - y_true; }

TEST(MseGradient, TheCheckCatchesTheCoursesDerivative) {
    EXPECT_GT(gradient_error(course_derivative), 1e-2);
    EXPECT_LT(gradient_error(neurona::mse_gradient), kTolerance);
}

TEST(MseGradient, ShapeMismatchThrows) {
    EXPECT_THROW(exercise::mse_gradient(Matrix(2, 1), Matrix(1, 2)), std::invalid_argument);
}

}  // namespace
