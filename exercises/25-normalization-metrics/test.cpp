// Exercise 25's tests. Linked with exercise.cpp (yours) or solution.cpp (the reference).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common/diagnose.hpp"
#include "neurona/layers/dense.hpp"
#include "neurona/layers/normalization.hpp"
#include "neurona/metrics.hpp"
#include "neurona/model.hpp"
#include "neurona/random.hpp"

namespace exercise {
std::pair<neurona::Matrix, neurona::Matrix> adapt(const neurona::Matrix& X);
neurona::Matrix normalize(const neurona::Matrix& X, const neurona::Matrix& mean, const neurona::Matrix& variance);
double mean_absolute_error(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
double mean_squared_error(const neurona::Matrix& y_true, const neurona::Matrix& y_pred);
std::tuple<double, double, double> epoch_metrics(
    const std::vector<std::pair<neurona::Matrix, neurona::Matrix>>& batches);
}  // namespace exercise

namespace {

using neurona::Matrix;
using neurona::Scalar;
using Batch = std::pair<Matrix, Matrix>;
using exercise_testing::Mistake;
using exercise_testing::ScalarMistake;

// The usual mistakes, each named once, in Spanish and English.
using exercise_testing::Diagnosis;
using exercise_testing::mistake;
const Diagnosis kSampleVariance{
    "la varianza divide entre n - 1 (varianza muestral); Normalization.adapt, como NumPy y Keras, divide entre n "
    "(varianza poblacional)",
    "the variance divides by n - 1 (sample variance); Normalization.adapt, as NumPy and Keras, divides by n "
    "(population variance)"};
const Diagnosis kDividedByVariance{
    "se dividió entre la varianza; hay que dividir entre su raíz cuadrada, la desviación típica",
    "it divided by the variance; divide by its square root, the standard deviation"};
const Diagnosis kNoEpsilon{
    "una característica constante (varianza 0) da NaN o infinito: divide entre max(sqrt(varianza), 1e-7), como Keras",
    "a constant feature (variance 0) gives NaN or infinity: divide by max(sqrt(variance), 1e-7), as Keras does"};
const Diagnosis kEpsilonAdded{
    "épsilon se sumó (a la varianza o a su raíz); Keras toma el mayor de los dos: max(sqrt(varianza), 1e-7)",
    "epsilon was added (to the variance or to its root); Keras takes the larger of the two: "
    "max(sqrt(variance), 1e-7)"};
const Diagnosis kMaeWithoutAbs{
    "el MAE promedia y - p con su signo, así que los errores positivos y negativos se cancelan; promedia |y - p|",
    "the MAE averages y - p with its sign, so positive and negative errors cancel; average |y - p|"};
const Diagnosis kRmseMeanOfBatches{
    "el RMSE es la media de los RMSE de cada lote; el RMSE de la época es la raíz del MSE de todas las muestras",
    "the RMSE is the mean of the batches' RMSEs; the epoch's RMSE is the root of the MSE over all samples"};
const Diagnosis kUnweightedBatches{
    "se promediaron los valores de los lotes sin pesarlos, pero el último lote es más pequeño: pesa cada lote por "
    "su tamaño (o suma sobre todas las muestras)",
    "the batches' values were averaged without weights, but the last batch is smaller: weight each batch by its "
    "size (or sum over all samples)"};


// ---- the references, in double ----------------------------------------------------------

// Each column's mean and sum of squared deviations / (n - ddof): ddof 0 is the population
// variance (right), ddof 1 the sample variance (a usual mistake).
std::pair<Matrix, Matrix> statistics(const Matrix& X, double ddof) {
    Matrix mean(1, X.cols()), variance(1, X.cols());
    for (std::size_t j = 0; j < X.cols(); ++j) {
        double sum = 0, squares = 0;
        for (std::size_t i = 0; i < X.rows(); ++i) sum += X(i, j);
        const double mu = sum / static_cast<double>(X.rows());
        for (std::size_t i = 0; i < X.rows(); ++i) squares += (X(i, j) - mu) * (X(i, j) - mu);
        mean(0, j) = static_cast<Scalar>(mu);
        variance(0, j) = static_cast<Scalar>(squares / (static_cast<double>(X.rows()) - ddof));
    }
    return {mean, variance};
}

// (X - mean) / divisor(variance), column by column.
Matrix divided(const Matrix& X, const Matrix& mean, const Matrix& variance,
               const std::function<double(double)>& divisor) {
    Matrix A(X.rows(), X.cols());
    for (std::size_t j = 0; j < X.cols(); ++j)
        for (std::size_t i = 0; i < X.rows(); ++i)
            A(i, j) = static_cast<Scalar>((X(i, j) - double(mean(0, j))) / divisor(variance(0, j)));
    return A;
}

constexpr double kEps = 1e-7;

// What the usual wrong forward passes give on (X, mean, variance).
std::vector<Mistake> normalize_mistakes(const Matrix& X, const Matrix& mean, const Matrix& variance) {
    return {mistake(divided(X, mean, variance, [](double v) { return std::max(v, kEps); }), kDividedByVariance),
            mistake(divided(X, mean, variance, [](double v) { return v; }), kDividedByVariance),
            mistake(divided(X, mean, variance, [](double v) { return std::sqrt(v + kEps); }), kEpsilonAdded),
            mistake(divided(X, mean, variance, [](double v) { return std::sqrt(v) + kEps; }), kEpsilonAdded),
            mistake(divided(X, mean, variance, [](double v) { return std::sqrt(v); }), kNoEpsilon)};
}

bool all_finite(const Matrix& A) {
    return std::all_of(A.values().begin(), A.values().end(), [](Scalar v) { return std::isfinite(v); });
}

// ---- adapt ---------------------------------------------------------------------------------

// Column 0: 1, 2, 3, 6, mean 3, squared deviations 4 + 1 + 0 + 9 = 14, variance 14 / 4 = 3.5.
// Column 1: constant 10, variance 0. Column 2: -4, 0, 4, 0, mean 0, variance 32 / 4 = 8.
const Matrix kX{{1, 10, -4}, {2, 10, 0}, {3, 10, 4}, {6, 10, 0}};

TEST(Adapt, HandComputedMeanAndPopulationVariance) {
    const auto [mean, variance] = exercise::adapt(kX);
    EXPECT_TRUE(exercise_testing::matches(mean, Matrix{{3, 10, 0}})) << "each column's mean";
    EXPECT_TRUE(exercise_testing::matches(variance, Matrix{{3.5f, 0, 8}},
                                          {mistake(statistics(kX, 1).second, kSampleVariance)}))
        << "each column's population variance: the sum of squared deviations divided by n = 4";
}

TEST(Adapt, MatchesTheLibrary) {
    // Features on the chapter's scales: TAX-like (about 409 +- 172), a share, a tiny spread.
    neurona::Rng rng(25);
    const Matrix X = rng.uniform_matrix(50, 4, -1, 1) * Matrix{{300, 1, 0.01f, 30}} + Matrix{{409, 0.5f, 5, -20}};
    neurona::Normalization norm(neurona::InputShape{4});
    norm.adapt(X);
    const auto [mean, variance] = exercise::adapt(X);
    EXPECT_TRUE(exercise_testing::matches(mean, norm.mean(), {}, 1e-5, 1e-6)) << "mean";
    EXPECT_TRUE(exercise_testing::matches(variance, norm.variance(),
                                          {mistake(statistics(X, 1).second, kSampleVariance)}, 1e-4, 1e-10))
        << "variance";
}

TEST(Adapt, RejectsAnEmptyX) {
    EXPECT_THROW(exercise::adapt(Matrix(0, 3)), std::invalid_argument) << "no rows: nothing to learn from";
}

// ---- normalize -----------------------------------------------------------------------------

TEST(Normalize, HandComputed) {
    const Matrix mean{{3, 10, 0}}, variance{{3.5f, 0, 8}};
    const Matrix A = exercise::normalize(kX, mean, variance);
    // (x - 3) / sqrt(3.5); the constant column becomes 0; x / sqrt(8).
    const Scalar s0 = std::sqrt(3.5f), s2 = std::sqrt(8.0f);
    const Matrix expected{{-2 / s0, 0, -4 / s2}, {-1 / s0, 0, 0}, {0, 0, 4 / s2}, {3 / s0, 0, 0}};
    EXPECT_TRUE(exercise_testing::matches(A, expected, normalize_mistakes(kX, mean, variance)))
        << (A.same_shape(expected) && !all_finite(A) ? exercise_testing::diagnose(kNoEpsilon) : "");
}

TEST(Normalize, ConstantFeatureBecomesZeroNotNaN) {
    const Matrix X{{5, 1}, {5, 2}, {5, 3}}, mean{{5, 2}}, variance{{0, 2.0f / 3}};
    const Matrix A = exercise::normalize(X, mean, variance);
    ASSERT_TRUE(A.same_shape(X)) << "A is " << A.shape() << ", expected " << X.shape();
    EXPECT_TRUE(all_finite(A)) << "got\n" << A << "\n" << exercise_testing::diagnose(kNoEpsilon);
    EXPECT_TRUE(A(0, 0) == 0 && A(1, 0) == 0 && A(2, 0) == 0)
        << "column 0 is constant: (5 - 5) / max(sqrt(0), 1e-7) = 0; got\n" << A;
}

TEST(Normalize, TinyVarianceDividesByEpsilon) {
    // variance 1e-16: sqrt is 1e-8, below epsilon = 1e-7, so the scale is 1e-7 and
    // (0 - 1e-8) / 1e-7 = -0.1. The place of epsilon decides the answer here.
    const Matrix X{{0}, {2e-8f}}, mean{{1e-8f}}, variance{{1e-16f}};
    EXPECT_TRUE(exercise_testing::matches(exercise::normalize(X, mean, variance), Matrix{{-0.1f}, {0.1f}},
                                          normalize_mistakes(X, mean, variance), 1e-4, 1e-6));
}

TEST(Normalize, MatchesTheLibrary) {
    neurona::Rng rng(8);
    const Matrix scale{{100, 0.5f, 3}}, shift{{400, -2, 0}};
    const Matrix X_train = rng.uniform_matrix(40, 3, -1, 1) * scale + shift;
    const Matrix X_other = rng.uniform_matrix(5, 3, -1.5, 1.5) * scale + shift;
    neurona::Normalization norm(neurona::InputShape{3});
    norm.adapt(X_train);
    const Matrix expected = norm.forward(X_other, false);
    EXPECT_TRUE(exercise_testing::matches(exercise::normalize(X_other, norm.mean(), norm.variance()), expected,
                                          normalize_mistakes(X_other, norm.mean(), norm.variance()), 1e-4, 1e-5))
        << "new data goes through the training data's mean and variance";
}

TEST(Normalize, TrainingDataComesOutWithMeanZeroAndStandardDeviationOne) {
    neurona::Rng rng(3);
    const Matrix X = rng.uniform_matrix(20, 3, 0, 1) * Matrix{{50, 2, 0.1f}} + Matrix{{10, -1, 7}};
    const auto [mean, variance] = exercise::adapt(X);
    ASSERT_TRUE(mean.same_shape(Matrix(1, 3)) && variance.same_shape(Matrix(1, 3)))
        << "adapt gave mean " << mean.shape() << " and variance " << variance.shape() << ", expected (1, 3) each";
    const Matrix A = exercise::normalize(X, mean, variance);
    ASSERT_TRUE(A.same_shape(X)) << "normalize gave " << A.shape() << ", expected " << X.shape();
    const auto [A_mean, A_variance] = statistics(A, 0);
    const double n = static_cast<double>(X.rows());
    for (std::size_t j = 0; j < 3; ++j) {
        const double sd = std::sqrt(A_variance(0, j));
        EXPECT_NEAR(A_mean(0, j), 0, 1e-5) << "column " << j;
        // Sample variance in adapt leaves a standard deviation of sqrt((n - 1) / n) = 0.975.
        EXPECT_TRUE(exercise_testing::near(sd, 1, 1e-4, {mistake(std::sqrt((n - 1) / n), kSampleVariance)}))
            << "standard deviation of column " << j << " after normalize";
    }
}

TEST(Normalize, RejectsMeanOrVarianceOfAnotherWidth) {
    EXPECT_THROW(exercise::normalize(kX, Matrix{{3, 10}}, Matrix{{1, 1}}), std::invalid_argument)
        << "X has 3 columns, mean and variance 2";
    EXPECT_THROW(exercise::normalize(kX, Matrix{{3, 10, 0}}, Matrix{{1, 1}}), std::invalid_argument)
        << "variance (1, 2) for mean (1, 3)";
}

// ---- the metrics -----------------------------------------------------------------------------

double mean_of(const Matrix& y_true, const Matrix& y_pred, const std::function<double(double)>& f) {
    double sum = 0;
    for (std::size_t i = 0; i < y_true.size(); ++i) sum += f(double(y_true.data()[i]) - y_pred.data()[i]);
    return sum / static_cast<double>(y_true.size());
}

// MAE without the absolute value, with either sign convention.
std::vector<ScalarMistake> mae_mistakes(const Matrix& y_true, const Matrix& y_pred) {
    const double signed_mean = mean_of(y_true, y_pred, [](double e) { return e; });
    return {mistake(signed_mean, kMaeWithoutAbs), mistake(-signed_mean, kMaeWithoutAbs)};
}

// scikit-learn's example of mean_absolute_error: errors 0.5, -0.5, 0, -1.
const Matrix kTrue{{3}, {-0.5f}, {2}, {7}}, kPred{{2.5f}, {0}, {2}, {8}};

TEST(MeanAbsoluteError, HandComputed) {
    // (0.5 + 0.5 + 0 + 1) / 4 = 0.5; without the absolute value the errors cancel to -0.25.
    EXPECT_TRUE(exercise_testing::near(exercise::mean_absolute_error(kTrue, kPred), 0.5, 1e-6,
                                       mae_mistakes(kTrue, kPred)));
}

TEST(MeanSquaredError, HandComputed) {
    // (0.25 + 0.25 + 0 + 1) / 4 = 0.375.
    EXPECT_NEAR(exercise::mean_squared_error(kTrue, kPred), 0.375, 1e-6);
}

TEST(Metrics, MatchTheLibraryOnSeveralOutputs) {
    neurona::Rng rng(5);
    const Matrix y_true = rng.uniform_matrix(8, 3, -2, 2), y_pred = rng.uniform_matrix(8, 3, -2, 2);
    EXPECT_TRUE(exercise_testing::near(exercise::mean_absolute_error(y_true, y_pred),
                                       neurona::mean_absolute_error(y_true, y_pred), 1e-5,
                                       mae_mistakes(y_true, y_pred)))
        << "MAE: the mean over all 24 elements";
    EXPECT_NEAR(exercise::mean_squared_error(y_true, y_pred), neurona::mean_squared_error(y_true, y_pred), 1e-5)
        << "MSE: the mean over all 24 elements";
}

TEST(Metrics, RejectShapesThatDiffer) {
    EXPECT_THROW(exercise::mean_absolute_error(Matrix(4, 1), Matrix(4, 2)), std::invalid_argument);
    EXPECT_THROW(exercise::mean_squared_error(Matrix(4, 1), Matrix(3, 1)), std::invalid_argument);
}

// ---- the epoch's metrics -------------------------------------------------------------------

// What the usual ways of combining the batches' values give: {MAE, MSE, RMSE} mistakes.
struct EpochMistakes {
    std::vector<ScalarMistake> mae, mse, rmse;
};

EpochMistakes epoch_mistakes(const std::vector<Batch>& batches) {
    double n_total = 0, weighted_root = 0, plain_root = 0, plain_mae = 0, plain_mse = 0, signed_sum = 0;
    for (const auto& [y_true, y_pred] : batches) {
        const double n = static_cast<double>(y_true.size());
        const double mse = mean_of(y_true, y_pred, [](double e) { return e * e; });
        const double mae = mean_of(y_true, y_pred, [](double e) { return std::abs(e); });
        weighted_root += std::sqrt(mse) * n;
        plain_root += std::sqrt(mse);
        plain_mae += mae;
        plain_mse += mse;
        signed_sum += mean_of(y_true, y_pred, [](double e) { return e; }) * n;
        n_total += n;
    }
    const double k = static_cast<double>(batches.size());
    return {{mistake(signed_sum / n_total, kMaeWithoutAbs), mistake(-signed_sum / n_total, kMaeWithoutAbs),
             mistake(plain_mae / k, kUnweightedBatches)},
            {mistake(plain_mse / k, kUnweightedBatches)},
            {mistake(weighted_root / n_total, kRmseMeanOfBatches), mistake(plain_root / k, kRmseMeanOfBatches)}};
}

::testing::AssertionResult EpochMetricsAre(const std::vector<Batch>& batches, double mae, double mse, double rmse,
                                           double tolerance) {
    const auto [got_mae, got_mse, got_rmse] = exercise::epoch_metrics(batches);
    const EpochMistakes m = epoch_mistakes(batches);
    const auto mae_ok = exercise_testing::near(got_mae, mae, tolerance * std::max(1.0, mae), m.mae);
    const auto mse_ok = exercise_testing::near(got_mse, mse, tolerance * std::max(1.0, mse), m.mse);
    const auto rmse_ok = exercise_testing::near(got_rmse, rmse, tolerance * std::max(1.0, rmse), m.rmse);
    if (mae_ok && mse_ok && rmse_ok) return ::testing::AssertionSuccess();
    auto failure = ::testing::AssertionFailure();
    if (!mae_ok) failure << "MAE: " << mae_ok.message() << "\n";
    if (!mse_ok) failure << "MSE: " << mse_ok.message() << "\n";
    if (!rmse_ok) failure << "RMSE: " << rmse_ok.message() << "\n";
    return failure;
}

// A column of predictions against zeros: the errors are the predictions.
Batch errors(std::initializer_list<Scalar> e) {
    const std::vector<Scalar> values(e);
    return {Matrix(values.size(), 1), Matrix::column_vector(values)};
}

TEST(EpochMetrics, HandComputedOverBatchesOfUnequalSize) {
    // Batch 1: errors 1, -1, 1, -1 (MAE 1, MSE 1, RMSE 1). Batch 2: errors 4, -2 (MAE 3,
    // MSE 10, RMSE sqrt(10) = 3.16). Over the 6 samples: MAE 10 / 6, MSE 24 / 6 = 4, RMSE 2.
    // The mean of the two RMSEs weighted by size is (4 + 2 sqrt(10)) / 6 = 1.72, not 2.
    const std::vector<Batch> batches{errors({1, -1, 1, -1}), errors({4, -2})};
    EXPECT_TRUE(EpochMetricsAre(batches, 10.0 / 6, 4, 2, 1e-6));
}

TEST(EpochMetrics, OneBatchOrManyGiveTheSameNumbers) {
    neurona::Rng rng(11);
    const Matrix y_true = rng.uniform_matrix(11, 1, 5, 50), y_pred = y_true + rng.normal_matrix(11, 1, 0, 4);
    const std::vector<Batch> whole{{y_true, y_pred}};
    std::vector<Batch> in_threes;
    for (std::size_t begin = 0; begin < 11; begin += 3) {
        const std::size_t end = std::min<std::size_t>(begin + 3, 11);  // 3, 3, 3, 2 rows
        in_threes.push_back({y_true.slice_rows(begin, end), y_pred.slice_rows(begin, end)});
    }
    const auto [mae, mse, rmse] = exercise::epoch_metrics(whole);
    EXPECT_TRUE(exercise_testing::near(mae, neurona::mean_absolute_error(y_true, y_pred), 1e-4,
                                       mae_mistakes(y_true, y_pred)))
        << "MAE of the 11 samples in one batch";
    EXPECT_NEAR(mse, neurona::mean_squared_error(y_true, y_pred), 1e-3) << "MSE of the 11 samples in one batch";
    EXPECT_NEAR(rmse * rmse, mse, 1e-3 * std::max(1.0, mse)) << "RMSE^2 must be the MSE";
    EXPECT_TRUE(EpochMetricsAre(in_threes, mae, mse, std::sqrt(mse), 1e-5))
        << "the same 11 samples in batches of 3, 3, 3 and 2";
}

TEST(EpochMetrics, MatchWhatEvaluateReports) {
    // A linear model with fixed weights; evaluate's batches of 4 on 10 rows are 4, 4 and 2.
    neurona::Rng rng(2);
    const Matrix X = rng.uniform_matrix(10, 3, -1, 1), y = rng.uniform_matrix(10, 2, -3, 3);
    neurona::Sequential model;
    model.add(neurona::Dense(2, "linear", neurona::InputShape{3}));
    model.set_weights({Matrix{{1, -2}, {0.5f, 1}, {-1, 3}}, Matrix{{0.5f, -0.25f}}});
    model.compile("mse", "sgd", {"mae", "mse", "RootMeanSquaredError"});
    const std::vector<double> logs = model.evaluate(X, y, 4, 0);  // loss, mae, mse, rmse
    ASSERT_EQ(logs.size(), 4u);
    const Matrix y_pred = model.predict(X);
    std::vector<Batch> batches;
    for (std::size_t begin = 0; begin < 10; begin += 4) {
        const std::size_t end = std::min<std::size_t>(begin + 4, 10);
        batches.push_back({y.slice_rows(begin, end), y_pred.slice_rows(begin, end)});
    }
    EXPECT_TRUE(EpochMetricsAre(batches, logs[1], logs[2], logs[3], 1e-5))
        << "evaluate(X, y, batch_size = 4) reports mae " << logs[1] << ", mse " << logs[2] << ", rmse " << logs[3];
}

TEST(EpochMetrics, RejectsNoBatchesAndShapesThatDiffer) {
    EXPECT_THROW(exercise::epoch_metrics({}), std::invalid_argument) << "no batches";
    EXPECT_THROW(exercise::epoch_metrics({errors({1, 2}), {Matrix(2, 1), Matrix(3, 1)}}), std::invalid_argument)
        << "a batch whose y_true and y_pred differ in shape";
}

}  // namespace
