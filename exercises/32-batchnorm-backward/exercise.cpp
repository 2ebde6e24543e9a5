// Exercise 32: batch normalization in training mode, forward and backward. See README.md; run
// `make exercise N=32`.
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// Batch normalization of X (m, C), each column a channel, with the batch's own statistics:
///   mean = each column's mean (1, C),  var = each column's biased variance (1, C), divided by m
///   x_hat = (X - mean) / sqrt(var + epsilon)   (m, C)
///   A = gamma * x_hat + beta                   (m, C); gamma and beta are (1, C)
/// Returns A and fills x_hat, mean and var (what the backward pass and the moving averages need).
/// Throws std::invalid_argument when X has no rows or gamma or beta is not (1, C).
Matrix batchnorm_forward(const Matrix& X, const Matrix& gamma, const Matrix& beta, double epsilon,
                         Matrix& x_hat, Matrix& mean, Matrix& var) {
    return Matrix();  // TODO
}

/// Given dA = dL/dA (m, C) and the forward pass's x_hat, var and gamma, returns
/// {dgamma (1, C), dbeta (1, C), dX (m, C)}:
///   dgamma = sum over the rows of dA * x_hat,  dbeta = sum over the rows of dA
///   dX = gamma / sqrt(var + epsilon) / m * (m * dA - sum(dA) - x_hat * sum(dA * x_hat))
/// Throws std::invalid_argument when dA and x_hat differ in shape, or var or gamma is not (1, C).
std::tuple<Matrix, Matrix, Matrix> batchnorm_backward(const Matrix& dA, const Matrix& x_hat, const Matrix& var,
                                                      const Matrix& gamma, double epsilon) {
    return {Matrix(), Matrix(), Matrix()};  // TODO
}

}  // namespace exercise
