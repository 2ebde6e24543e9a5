// Mistake: the MSE without its 1/n: the sum of the squares.
// Diagnóstico: la pérdida es la suma de los cuadrados, sin dividir entre n: el MSE es su media, (1/n) sum (y_pred - y_true)^2
// Diagnosis: the loss is the sum of the squares, not divided by n: the MSE is their mean, (1/n) sum (y_pred - y_true)^2
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// L = (1/n) sum_i (p_i - y_i)^2.
Scalar mse(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred)) neurona::throw_shape_error("mse: y_true and y_pred", y_true, y_pred);
    const Matrix error = y_pred - y_true;
    return (error * error).sum();  // The mistake: the sum, not the mean.
}

/// dL/dp_i = (2/n) (p_i - y_i): only the i-th term of the sum depends on p_i.
Matrix mse_gradient(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred))
        neurona::throw_shape_error("mse_gradient: y_true and y_pred", y_true, y_pred);
    return (y_pred - y_true) * (Scalar(2) / static_cast<Scalar>(y_pred.size()));
}

}  // namespace exercise
