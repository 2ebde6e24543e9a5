// Mistake: the gradient where y_pred was clipped is the formula at the clip's edge, not 0.
// Diagnóstico: donde y_pred se recortó, el gradiente debe ser 0 (ahí la pérdida no cambia al mover y_pred), no la fórmula evaluada en el borde del recorte
// Diagnosis: where y_pred was clipped the gradient must be 0 (the loss does not change there when y_pred moves), not the formula evaluated at the clip's edge
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
        const double y = y_true.data()[i], c = clip(y_pred.data()[i]);
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
        // The mistake: the clipped value goes into the formula everywhere, so a clipped
        // prediction gets a huge gradient instead of 0.
        const Scalar c = clip(p);
        grad.data()[i] = (c - y) / (c * (1 - c)) / n;
    }
    return grad;
}

}  // namespace exercise
