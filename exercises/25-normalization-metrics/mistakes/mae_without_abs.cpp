// Mistake: the MAE averages y_true - y_pred without the absolute value.
// Diagnóstico: el MAE promedia y - p con su signo, así que los errores positivos y negativos se cancelan; promedia |y - p|
// Diagnosis: the MAE averages y - p with its sign, so positive and negative errors cancel; average |y - p|
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;
/// One batch of a data set: {y_true, y_pred}, both (batch, outputs).
using Batch = std::pair<Matrix, Matrix>;

/// Keras's epsilon: the smallest standard deviation Normalization divides by.
constexpr double kEpsilon = 1e-7;

/// Normalization.adapt(X), X (samples, features):
///   mean_j     = (1/n) sum_i X(i, j)
///   variance_j = (1/n) sum_i (X(i, j) - mean_j)^2     population variance (ddof = 0)
/// Two passes in double: first the mean, then the squared deviations from it. The shortcut
/// E[x^2] - E[x]^2 cancels badly when the mean is large and the spread small.
std::pair<Matrix, Matrix> adapt(const Matrix& X) {
    if (X.rows() == 0) throw std::invalid_argument("adapt: X has no rows");
    const double n = static_cast<double>(X.rows());
    Matrix mean(1, X.cols()), variance(1, X.cols());
    for (std::size_t j = 0; j < X.cols(); ++j) {
        double sum = 0;
        for (std::size_t i = 0; i < X.rows(); ++i) sum += X(i, j);
        const double mu = sum / n;
        double squares = 0;
        for (std::size_t i = 0; i < X.rows(); ++i) squares += (X(i, j) - mu) * (X(i, j) - mu);
        mean(0, j) = static_cast<Scalar>(mu);
        variance(0, j) = static_cast<Scalar>(squares / n);  // divide by n, not n - 1
    }
    return {mean, variance};
}

/// The layer's forward pass: A = (X - mean) / max(sqrt(variance), epsilon), column by
/// column. The root turns the variance back into a standard deviation (in X's units); the
/// max keeps a constant feature (variance 0) finite: (x - mean) / 1e-7 = 0 / 1e-7 = 0.
Matrix normalize(const Matrix& X, const Matrix& mean, const Matrix& variance) {
    if (mean.rows() != 1 || mean.cols() != X.cols() || !variance.same_shape(mean))
        throw std::invalid_argument("normalize: X is " + X.shape() + ", mean " + mean.shape() + ", variance " +
                                    variance.shape() + "; mean and variance must be (1, " +
                                    std::to_string(X.cols()) + ")");
    Matrix A(X.rows(), X.cols());
    for (std::size_t j = 0; j < X.cols(); ++j) {
        const double s = std::max(std::sqrt(static_cast<double>(variance(0, j))), kEpsilon);
        for (std::size_t i = 0; i < X.rows(); ++i) A(i, j) = static_cast<Scalar>((X(i, j) - mean(0, j)) / s);
    }
    return A;
}

namespace {
void check_same_shape(const char* what, const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred) || y_true.empty())
        throw std::invalid_argument(std::string(what) + ": y_true is " + y_true.shape() + ", y_pred " +
                                    y_pred.shape() + "; they must have the same, non-empty shape");
}
}  // namespace

/// MAE = mean over every element of |y_true - y_pred|.
double mean_absolute_error(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("mean_absolute_error", y_true, y_pred);
    double sum = 0;
    // The mistake: no absolute value, so errors of opposite signs cancel.
    for (std::size_t i = 0; i < y_true.size(); ++i) sum += y_true.data()[i] - y_pred.data()[i];
    return sum / static_cast<double>(y_true.size());
}

/// MSE = mean over every element of (y_true - y_pred)^2.
double mean_squared_error(const Matrix& y_true, const Matrix& y_pred) {
    check_same_shape("mean_squared_error", y_true, y_pred);
    double sum = 0;
    for (std::size_t i = 0; i < y_true.size(); ++i) {
        const double e = y_true.data()[i] - y_pred.data()[i];
        sum += e * e;
    }
    return sum / static_cast<double>(y_true.size());
}

/// The epoch's {MAE, MSE, RMSE} over every sample of every batch, as fit and evaluate
/// report them. A batch's mean counts as many times as the batch has elements, so a small
/// last batch weighs less; that makes MAE and MSE the means over the whole set. The RMSE is
/// the root of that whole-set MSE: a mean of the batches' roots would be a different (and
/// smaller) number, since the root of a mean is not the mean of the roots.
std::tuple<double, double, double> epoch_metrics(const std::vector<Batch>& batches) {
    if (batches.empty()) throw std::invalid_argument("epoch_metrics: no batches");
    double abs_sum = 0, square_sum = 0, count = 0;
    for (const auto& [y_true, y_pred] : batches) {
        const double n = static_cast<double>(y_true.size());
        abs_sum += mean_absolute_error(y_true, y_pred) * n;  // throws on a shape mismatch
        square_sum += mean_squared_error(y_true, y_pred) * n;
        count += n;
    }
    const double mse = square_sum / count;
    return {abs_sum / count, mse, std::sqrt(mse)};
}

}  // namespace exercise
