// Mistake: Z = A_prev . W^T, as if W were stored (units, in); it only runs when W is square.
// Diagnóstico: Z se calculó con W traspuesta, A_prev . W^T: W es (entradas, unidades), así que Z = A_prev . W + b
// Diagnosis: Z was computed with W transposed, A_prev . W^T: W is (in, units), so Z = A_prev . W + b
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
    // The mistake: W transposed, as if it were stored (units, in).
    Matrix Z = neurona::matmul(A_prev, W, neurona::Op::N, neurona::Op::T);
    Z += b;                                  // (1, units) broadcast over the batch
    return Z;
}

/// A = g(Z).
Matrix dense_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b,
                     const std::string& activation) {
    const neurona::ActivationFunction& g = neurona::get_activation(activation);
    return g.forward(linear_forward(A_prev, W, b));
}

}  // namespace exercise
