// Mistake: dA_prev = dA: the backward pass ignores the mask.
// Diagnóstico: el paso hacia atrás deja pasar dA entero; el gradiente de un valor apagado es 0: dA_prev = dA * máscara
// Diagnosis: the backward pass lets all of dA through; a dropped value's gradient is 0: dA_prev = dA * mask
#include <stdexcept>
#include <string>

#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// A = A_prev * mask, mask_i = 1/(1 - rate) with probability 1 - rate, else 0: E[A] = A_prev.
Matrix dropout_forward(const Matrix& A_prev, double rate, bool training, neurona::Rng& rng,
                       Matrix& mask) {
    if (!(rate >= 0.0 && rate < 1.0))
        throw std::invalid_argument("dropout_forward: rate must be in [0, 1), got " + std::to_string(rate));
    if (!training) {
        mask = Matrix();
        return A_prev;
    }
    const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - rate));
    mask = Matrix(A_prev.rows(), A_prev.cols());
    for (std::size_t i = 0; i < mask.size(); ++i)
        mask.data()[i] = rng.uniform() >= rate ? keep_scale : Scalar(0);
    return A_prev * mask;
}

/// In the forward pass A = A_prev * mask, so dA_prev = dA * mask.
Matrix dropout_backward(const Matrix& dA, const Matrix& mask) {
    // The mistake: dropout has no weights, but it still multiplies; its gradient is the mask.
    (void)mask;
    return dA;
}

}  // namespace exercise
