// Mistake: A = g(A_prev . W) + b: the bias added after the activation instead of inside it.
// Diagnóstico: el sesgo se sumó después de la activación, g(A_prev . W) + b: va dentro, A = g(A_prev . W + b)
// Diagnosis: the bias was added after the activation, g(A_prev . W) + b: it goes inside, A = g(A_prev . W + b)
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
    const neurona::ActivationFunction& g = neurona::get_activation(activation);
    linear_forward(A_prev, W, b);  // checks the shapes
    // The mistake: g applied to A_prev . W, and b added to its output.
    return g.forward(neurona::matmul(A_prev, W)) + b;
}

}  // namespace exercise
