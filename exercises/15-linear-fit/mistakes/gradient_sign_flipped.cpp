// Mistake: the miss is taken as y - y_hat, so the gradient has the wrong sign.
// Diagnóstico: el gradiente tiene el signo cambiado: el error es y_hat - y (predicción menos valor real), no y - y_hat
// Diagnosis: the gradient has the wrong sign: the miss is y_hat - y (prediction minus true value), not y - y_hat
#include <stdexcept>
#include <utility>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

// One neuron, no activation: y_hat = w x + b for each sample (each row of xs).
Matrix predict(const Matrix& xs, Scalar w, Scalar b) {
    Matrix y_hat(xs.rows(), 1);
    for (std::size_t i = 0; i < xs.rows(); ++i) y_hat(i, 0) = w * xs(i, 0) + b;
    return y_hat;
}

// L = (1/n) sum (y_hat_i - y_i)^2: the squared misses, averaged over the n samples.
Scalar loss(const Matrix& xs, const Matrix& ys, Scalar w, Scalar b) {
    if (!xs.same_shape(ys)) neurona::throw_shape_error("loss", xs, ys, ": xs and ys must both be (n, 1)");
    const Matrix y_hat = predict(xs, w, b);
    Scalar sum = 0;
    for (std::size_t i = 0; i < xs.rows(); ++i) {
        const Scalar e = y_hat(i, 0) - ys(i, 0);
        sum += e * e;
    }
    return sum / static_cast<Scalar>(xs.rows());
}

// Each term (y_hat_i - y_i)^2 has derivative 2 (y_hat_i - y_i) times the derivative of y_hat_i,
// which is x_i with respect to w and 1 with respect to b. The 1/n of the mean stays in front:
//   dL/dw = (2/n) sum (y_hat_i - y_i) x_i,   dL/db = (2/n) sum (y_hat_i - y_i).
std::pair<Scalar, Scalar> gradient(const Matrix& xs, const Matrix& ys, Scalar w, Scalar b) {
    if (!xs.same_shape(ys)) neurona::throw_shape_error("gradient", xs, ys, ": xs and ys must both be (n, 1)");
    const Matrix y_hat = predict(xs, w, b);
    Scalar dw = 0, db = 0;
    for (std::size_t i = 0; i < xs.rows(); ++i) {
        const Scalar e = ys(i, 0) - y_hat(i, 0);  // The mistake: y - y_hat, the sign is flipped
        dw += e * xs(i, 0);
        db += e;
    }
    const Scalar n = static_cast<Scalar>(xs.rows());
    return {2 * dw / n, 2 * db / n};
}

// Downhill: against the gradient, scaled by the learning rate.
std::pair<Scalar, Scalar> gradient_descent_step(const Matrix& xs, const Matrix& ys, Scalar w, Scalar b,
                                                Scalar lr) {
    const auto [dw, db] = gradient(xs, ys, w, b);
    return {w - lr * dw, b - lr * db};
}

// The training loop: with all six samples in one batch, one epoch is one step.
std::pair<Scalar, Scalar> train(const Matrix& xs, const Matrix& ys, Scalar w0, Scalar b0, Scalar lr,
                                int steps) {
    Scalar w = w0, b = b0;
    for (int k = 0; k < steps; ++k) std::tie(w, b) = gradient_descent_step(xs, ys, w, b, lr);
    return {w, b};
}

}  // namespace exercise
