// Mistake: Z = A_prev . W: the bias b is never added.
// Diagnóstico: a Z le falta el sesgo: Z = A_prev . W + b, con b sumado a cada fila
// Diagnosis: Z lacks the bias: Z = A_prev . W + b, with b added to every row
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
    // The mistake: b is checked but never added.
    return Z;
}

/// A = g(Z).
Matrix dense_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b,
                     const std::string& activation) {
    const neurona::ActivationFunction& g = neurona::get_activation(activation);
    return g.forward(linear_forward(A_prev, W, b));
}

}  // namespace exercise
