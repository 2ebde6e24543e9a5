// Mistake: the loss summed over the elements, without the 1/n of the mean.
// Diagnóstico: la pérdida es la suma sobre los elementos, sin dividir entre n: la entropía cruzada binaria es la media, -(1/n) sum [y log p + (1 - y) log(1 - p)]
// Diagnosis: the loss is the sum over the elements, not divided by n: binary cross-entropy is the mean, -(1/n) sum [y log p + (1 - y) log(1 - p)]
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
    return static_cast<Scalar>(-sum);  // The mistake: the sum, not divided by n.
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
