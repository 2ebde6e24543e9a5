// Mistake: the sum of the squares divided by the batch size (rows) only, not by every element.
// Diagnóstico: la suma de los cuadrados se dividió solo entre el tamaño del lote (las filas): el MSE promedia sobre todos los elementos, n = lote x salidas
// Diagnosis: the sum of the squares was divided by the batch size (the rows) only: the MSE averages over every element, n = batch x outputs
#include <stdexcept>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// L = (1/n) sum_i (p_i - y_i)^2.
Scalar mse(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred)) neurona::throw_shape_error("mse: y_true and y_pred", y_true, y_pred);
    const Matrix error = y_pred - y_true;
    // The mistake: n taken as the batch size, y_pred.rows(), instead of batch x outputs.
    return (error * error).sum() / static_cast<Scalar>(y_pred.rows());
}

/// dL/dp_i = (2/n) (p_i - y_i): only the i-th term of the sum depends on p_i.
Matrix mse_gradient(const Matrix& y_true, const Matrix& y_pred) {
    if (!y_true.same_shape(y_pred))
        neurona::throw_shape_error("mse_gradient: y_true and y_pred", y_true, y_pred);
    return (y_pred - y_true) * (Scalar(2) / static_cast<Scalar>(y_pred.size()));
}

}  // namespace exercise
