// Mistake: the gradient with its sign flipped: 2 (y - p) / n.
// Diagnóstico: el gradiente tiene el signo cambiado, 2 (y_true - y_pred) / n: la derivada de (p - y)^2 respecto a p es 2 (p - y)
// Diagnosis: the gradient has the wrong sign, 2 (y_true - y_pred) / n: the derivative of (p - y)^2 with respect to p is 2 (p - y)
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// L = (1/n) sum_i (p_i - y_i)^2.
Scalar mse(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred)) neurona::throw_shape_error("mse: y_true and y_pred", y_true, y_pred);
    const Matrix error = y_pred - y_true;
    return (error * error).mean();
}

/// dL/dp_i = (2/n) (p_i - y_i): only the i-th term of the sum depends on p_i.
Matrix mse_gradient(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred))
        neurona::throw_shape_error("mse_gradient: y_true and y_pred", y_true, y_pred);
    // The mistake: y - p, the miss the other way round.
    return (y_true - y_pred) * (Scalar(2) / static_cast<Scalar>(y_pred.size()));
}

}  // namespace exercise
