// Exercise 04: mean squared error and its gradient. See README.md; run `make exercise N=04`.
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// mean((y_pred - y_true)^2) over every element. Throws std::invalid_argument when the
/// shapes differ.
Scalar mse(const Matrix& y_true, const Matrix& y_pred) {
    return 0;  // TODO
}

/// dL/dy_pred = 2 (y_pred - y_true) / n, n = number of elements; same shape as y_pred.
/// Throws std::invalid_argument when the shapes differ.
Matrix mse_gradient(const Matrix& y_true, const Matrix& y_pred) {
    return Matrix(y_pred.rows(), y_pred.cols());  // TODO
}

}  // namespace exercise
