// Mistake: the course's section 1.9 derivative y_pred - y_true, without the 2 and the 1/n.
// Diagnóstico: el gradiente es y_pred - y_true, la derivada de la sección 1.9 del curso: le faltan el 2 y el 1/n; dL/dp = 2 (p - y) / n
// Diagnosis: the gradient is y_pred - y_true, the derivative of the course's section 1.9: it lacks the 2 and the 1/n; dL/dp = 2 (p - y) / n
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
    return y_pred - y_true;  // The mistake: the course's derivative, without the 2 and the 1/n.
}

}  // namespace exercise
