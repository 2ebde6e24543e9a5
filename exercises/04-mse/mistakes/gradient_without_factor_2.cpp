// Mistake: the gradient without the factor 2: (p - y) / n.
// Diagnóstico: al gradiente le falta el factor 2 que sale de derivar el cuadrado: dL/dp = 2 (p - y) / n
// Diagnosis: the gradient lacks the factor 2 that comes from differentiating the square: dL/dp = 2 (p - y) / n
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
    return (y_pred - y_true) / static_cast<Scalar>(y_pred.size());  // The mistake: the 2 is lost.
}

}  // namespace exercise
