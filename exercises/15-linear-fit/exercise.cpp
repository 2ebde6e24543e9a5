// Exercise 15: fit y = 2x - 1 by gradient descent, written by hand. See README.md;
// run `make exercise N=15`.
#include <stdexcept>
#include <utility>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// The neuron's predictions y_hat_i = w x_i + b, one per row of xs.
/// xs is (n, 1); the result is (n, 1).
Matrix predict(const Matrix& xs, Scalar w, Scalar b) {
    return Matrix();  // TODO
}

/// The mean squared error L = (1/n) sum_i (w x_i + b - y_i)^2.
/// xs and ys are (n, 1); throws std::invalid_argument when their shapes differ.
Scalar loss(const Matrix& xs, const Matrix& ys, Scalar w, Scalar b) {
    return 0;  // TODO
}

/// The gradient of the loss, {dL/dw, dL/db}:
///   dL/dw = (2/n) sum_i (y_hat_i - y_i) x_i,   dL/db = (2/n) sum_i (y_hat_i - y_i).
/// Throws std::invalid_argument when the shapes of xs and ys differ.
std::pair<Scalar, Scalar> gradient(const Matrix& xs, const Matrix& ys, Scalar w, Scalar b) {
    return {0, 0};  // TODO
}

/// One step of gradient descent from (w, b) with learning rate lr:
/// returns {w - lr dL/dw, b - lr dL/db}.
std::pair<Scalar, Scalar> gradient_descent_step(const Matrix& xs, const Matrix& ys, Scalar w, Scalar b,
                                                Scalar lr) {
    return {0, 0};  // TODO
}

/// `steps` steps of gradient descent from (w0, b0); returns the final {w, b}
/// (0 steps returns {w0, b0}).
std::pair<Scalar, Scalar> train(const Matrix& xs, const Matrix& ys, Scalar w0, Scalar b0, Scalar lr,
                                int steps) {
    return {0, 0};  // TODO
}

}  // namespace exercise
