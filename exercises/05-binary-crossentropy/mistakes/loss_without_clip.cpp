// Mistake: the loss without Keras's clip: log(0) = -inf gives inf or NaN at predictions of exactly 0 or 1.
// Diagnóstico: sin recortar p a [1e-7, 1 - 1e-7], log(0) = -inf: la pérdida da inf o NaN cuando una predicción vale exactamente 0 o 1; recorta p como Keras (neurona::kEpsilon)
// Diagnosis: without clipping p to [1e-7, 1 - 1e-7], log(0) = -inf: the loss is inf or NaN when a prediction is exactly 0 or 1; clip p as Keras does (neurona::kEpsilon)
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "neurona/losses.hpp"  // neurona::kEpsilon = 1e-7
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::kEpsilon;
using neurona::Matrix;
using neurona::Scalar;

namespace {
Scalar clip(Scalar p) { return std::clamp(p, kEpsilon, 1 - kEpsilon); }
}  // namespace

/// L = -(1/n) sum_i [y_i log c_i + (1 - y_i) log(1 - c_i)], c_i = clip(p_i).
Scalar binary_crossentropy(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred))
        neurona::throw_shape_error("binary_crossentropy: y_true and y_pred", y_true, y_pred);
    double sum = 0;
    for (std::size_t i = 0; i < y_pred.size(); ++i) {
        // The mistake: p used as it is, without the clip to [kEpsilon, 1 - kEpsilon].
        const double y = y_true.data()[i], c = y_pred.data()[i];
        sum += y * std::log(c) + (1 - y) * std::log(1 - c);
    }
    return static_cast<Scalar>(-sum / static_cast<double>(y_pred.size()));
}

/// Inside the clip: dL/dp = -(1/n) [y/p - (1 - y)/(1 - p)] = (1/n) (p - y) / (p (1 - p)).
/// Outside it c is a constant, so dL/dp = 0.
Matrix binary_crossentropy_gradient(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred))
        neurona::throw_shape_error("binary_crossentropy_gradient: y_true and y_pred", y_true, y_pred);
    const Scalar n = static_cast<Scalar>(y_pred.size());
    Matrix grad(y_pred.rows(), y_pred.cols());
    for (std::size_t i = 0; i < y_pred.size(); ++i) {
        const Scalar y = y_true.data()[i], p = y_pred.data()[i];
        grad.data()[i] = p == clip(p) ? (p - y) / (p * (1 - p)) / n : 0;
    }
    return grad;
}

}  // namespace exercise
