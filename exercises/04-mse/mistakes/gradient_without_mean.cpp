// Mistake: the gradient without the 1/n: 2 (p - y).
// Diagnóstico: al gradiente le falta el 1/n: L es una media, y su gradiente lleva el mismo 1/n: dL/dp = 2 (p - y) / n
// Diagnosis: the gradient lacks the 1/n: L is a mean, and its gradient keeps the same 1/n: dL/dp = 2 (p - y) / n
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
    return (y_pred - y_true) * Scalar(2);  // The mistake: the 1/n of the mean is lost.
}

}  // namespace exercise
