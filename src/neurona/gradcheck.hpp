/// @file gradcheck.hpp
/// Numerical gradient checking: every analytic gradient in neurona is compared with
/// central differences, (f(x + h) - f(x - h)) / 2h, in the double build.
///
/// A check reports, per parameter, the largest difference between the analytic and the
/// numerical gradient relative to the size of that gradient:
///     max_i |a_i - n_i| / max_i max(|a_i|, |n_i|).
/// Why not each element against itself: a central difference carries a rounding error of
/// about 1e-16 |L| / h, the same for every element, so an element whose true gradient is
/// 1e-5 would show a "relative error" of 1e-5 on a correct layer. Against the gradient's
/// scale, a correct gradient gives about 1e-9 in double (h = 1e-6), while a wrong
/// derivative (sigma'(A) for sigma'(Z), a lost 1/n) gives 1e-2 or more. The tests demand 1e-6.
#pragma once

#include <string>
#include <vector>

#include "neurona/layers/layer.hpp"
#include "neurona/matrix.hpp"

namespace neurona {

class Sequential;
struct ActivationFunction;
struct Loss;

/// The outcome of checking one parameter (or the input): its largest relative error.
struct GradCheckResult {
    std::string name;          ///< "dense/W", "input", ...
    double max_relative_error;  ///< as the function max_relative_error() computes it
};

/// The largest difference relative to the gradient's scale (see the file comment) over two
/// same-shape gradients; throws std::invalid_argument on a shape mismatch.
double max_relative_error(const Matrix& analytic, const Matrix& numerical);

/// Checks an activation's backward at Z: L = sum(g(Z) * R) for a fixed random R, so
/// dL/dA = R, and backward(Z, A, R) must equal dL/dZ numerically.
GradCheckResult check_activation(const ActivationFunction& activation, const Matrix& Z, double h = 1e-6);

/// Checks a loss's gradient with respect to y_pred at (y_true, y_pred).
GradCheckResult check_loss(const Loss& loss, const Matrix& y_true, const Matrix& y_pred,
                           double h = 1e-6);

/// Checks a built layer at input X: L = sum(forward(X) * R) for a fixed random R; compares
/// each parameter's gradient and the input gradient dA_prev with central differences.
/// Runs forward in inference mode by default (training = false), so Dropout is checked
/// separately. training = true checks the training-mode gradient (BatchNormalization with
/// the batch's statistics); forward must then give the same A for the same X every time,
/// which Dropout's random mask does not. The weights that training-mode forwards change
/// (BatchNormalization's moving statistics) are put back afterwards.
std::vector<GradCheckResult> check_layer(Layer& layer, const Matrix& X, double h = 1e-6, bool training = false);

/// Checks a compiled model: its loss on (X, Y) against every parameter of every layer,
/// forward and backward in inference mode by default; training = true as check_layer's
/// (every layer's forward in training mode, so no Dropout; the weights are put back after).
std::vector<GradCheckResult> check_model(Sequential& model, const Matrix& X, const Matrix& Y,
                                         double h = 1e-6, bool training = false);

/// The largest error over a list of results.
double worst(const std::vector<GradCheckResult>& results);

}  // namespace neurona
