// Exercise 25: Keras's Normalization (adapt and forward) and the regression metrics MAE, MSE
// and RMSE over a whole set. See README.md; run `make exercise N=25`.
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

/// Normalization.adapt(X): {mean, variance}, both (1, features), each column's mean and
/// population variance (divide by the number of rows n, not n - 1).
/// Throws std::invalid_argument when X has no rows.
std::pair<Matrix, Matrix> adapt(const Matrix& X) {
    return {Matrix(), Matrix()};  // TODO
}

/// Normalization's forward pass: (X - mean) / max(sqrt(variance), kEpsilon), column by column.
/// X is (batch, features), mean and variance (1, features); the result has X's shape.
/// Throws std::invalid_argument when mean or variance is not (1, X.cols()).
Matrix normalize(const Matrix& X, const Matrix& mean, const Matrix& variance) {
    return Matrix();  // TODO
}

/// MAE: the mean over every element of |y_true - y_pred|.
/// Throws std::invalid_argument when the shapes differ or are empty.
double mean_absolute_error(const Matrix& y_true, const Matrix& y_pred) {
    return 0;  // TODO
}

/// MSE: the mean over every element of (y_true - y_pred)^2.
/// Throws std::invalid_argument when the shapes differ or are empty.
double mean_squared_error(const Matrix& y_true, const Matrix& y_pred) {
    return 0;  // TODO
}

/// {MAE, MSE, RMSE} of a whole set that arrives in batches (the last one may be smaller), as
/// fit reports them after an epoch: means over every sample, and RMSE = sqrt(that MSE).
/// Throws std::invalid_argument when there are no batches or a batch's shapes differ.
std::tuple<double, double, double> epoch_metrics(const std::vector<Batch>& batches) {
    return {0, 0, 0};  // TODO
}

}  // namespace exercise
