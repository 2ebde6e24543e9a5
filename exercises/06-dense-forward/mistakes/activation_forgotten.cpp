// Mistake: dense_forward returns Z: the activation is never applied.
// Diagnóstico: dense_forward devolvió Z: falta la activación, A = g(Z)
// Diagnosis: dense_forward returned Z: the activation was forgotten, A = g(Z)
#include <stdexcept>
#include <string>

#include "neurona/activations.hpp"
#include "neurona/matmul.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

/// Z = A_prev . W + b: (batch, in) . (in, units) -> (batch, units), plus b on every row.
Matrix linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b) {
    if (b.rows() != 1 || b.cols() != W.cols())
        neurona::throw_shape_error("linear_forward: W and b", W, b, ": b must be (1, units)");
    Matrix Z = neurona::matmul(A_prev, W);  // throws when A_prev's columns != W's rows
    Z += b;                                  // (1, units) broadcast over the batch
    return Z;
}

/// A = g(Z).
Matrix dense_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b,
                     const std::string& activation) {
    neurona::get_activation(activation);  // still throws for an unknown name
    return linear_forward(A_prev, W, b);   // The mistake: Z, not g(Z).
}

}  // namespace exercise
