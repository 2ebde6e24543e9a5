// Mistake: the gradient -y / p / n: the derivative of the (1 - y) log(1 - p) term forgotten.
// Diagnóstico: el gradiente es -y / p / n: falta la derivada del término (1 - y) log(1 - p), que suma (1 - y) / (1 - p) / n
// Diagnosis: the gradient is -y / p / n: the derivative of the (1 - y) log(1 - p) term, which adds (1 - y) / (1 - p) / n, is missing
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
        // The mistake: only the y log p term differentiated.
        grad.data()[i] = p == clip(p) ? -y / p / n : 0;
    }
    return grad;
}

}  // namespace exercise
