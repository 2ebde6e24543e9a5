// Exercise 32, the reference solution.
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

namespace {

// sqrt(var + epsilon), column by column: epsilon goes inside the root, as Keras.
Matrix standard_deviation(const Matrix& var, double epsilon) {
    return (var + static_cast<Scalar>(epsilon)).apply([](Scalar v) { return std::sqrt(v); });
}

}  // namespace

/// Each column of X (m, C) is normalized with its own batch statistics (1, C):
///   mean = sum of the column / m,  var = sum of (X - mean)^2 / m   (biased, as Keras)
///   x_hat = (X - mean) / sqrt(var + epsilon),  A = gamma * x_hat + beta
/// The (1, C) rows broadcast over the m rows, as b does in Z = A_prev . W + b.
Matrix batchnorm_forward(const Matrix& X, const Matrix& gamma, const Matrix& beta, double epsilon,
                         Matrix& x_hat, Matrix& mean, Matrix& var) {
    if (X.rows() == 0 || gamma.rows() != 1 || gamma.cols() != X.cols() || !beta.same_shape(gamma))
        throw std::invalid_argument("batchnorm_forward: X is " + X.shape() + ", gamma " + gamma.shape() +
                                    " and beta " + beta.shape() + "; expected X with rows, gamma and beta (1, " +
                                    std::to_string(X.cols()) + ")");
    mean = X.mean(0);
    const Matrix centered = X - mean;
    var = (centered * centered).mean(0);
    x_hat = centered / standard_deviation(var, epsilon);
    return x_hat * gamma + beta;
}

/// In the forward pass A = gamma * x_hat + beta, so, column by column:
///   dbeta  = sum over the rows of dA
///   dgamma = sum over the rows of dA * x_hat
///   dx_hat = dA * gamma
/// and x_hat = (X - mean) / sqrt(var + epsilon), where mean and var depend on every X of the
/// column, so each X(r, c) reaches A through its own x_hat and through mean and var:
///   dX = 1 / (m sqrt(var + epsilon)) * (m dx_hat - sum(dx_hat) - x_hat * sum(dx_hat * x_hat))
///      = gamma / sqrt(var + epsilon) / m * (m dA - dbeta - x_hat * dgamma)
std::tuple<Matrix, Matrix, Matrix> batchnorm_backward(const Matrix& dA, const Matrix& x_hat, const Matrix& var,
                                                      const Matrix& gamma, double epsilon) {
    if (!dA.same_shape(x_hat) || !var.same_shape(gamma) || var.rows() != 1 || var.cols() != dA.cols())
        throw std::invalid_argument("batchnorm_backward: dA is " + dA.shape() + ", x_hat " + x_hat.shape() +
                                    ", var " + var.shape() + ", gamma " + gamma.shape() +
                                    "; expected dA and x_hat of one shape (m, C), var and gamma (1, C)");
    const Scalar m = static_cast<Scalar>(dA.rows());
    Matrix dbeta = dA.sum(0);
    Matrix dgamma = (dA * x_hat).sum(0);
    Matrix dX = (dA * m - dbeta - x_hat * dgamma) * (gamma / standard_deviation(var, epsilon) / m);
    return {dgamma, dbeta, dX};
}

}  // namespace exercise
