// Mistake: the mask drawn and applied whether training or not.
// Diagnóstico: dropout se aplicó en inferencia (training = false); ahí no hace nada: A = A_prev, sin máscara
// Diagnosis: dropout was applied at inference (training = false); there it does nothing: A = A_prev, and no mask
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
    // The mistake: no "if (!training)": evaluate and predict would drop values too.
    (void)training;
    const Scalar keep_scale = static_cast<Scalar>(1.0 / (1.0 - rate));
    mask = Matrix(A_prev.rows(), A_prev.cols());
    for (std::size_t i = 0; i < mask.size(); ++i)
        mask.data()[i] = rng.uniform() >= rate ? keep_scale : Scalar(0);
    return A_prev * mask;
}

/// In the forward pass A = A_prev * mask, so dA_prev = dA * mask.
Matrix dropout_backward(const Matrix& dA, const Matrix& mask) {
    if (mask.empty()) return dA;
    return dA * mask;  // throws std::invalid_argument when the shapes differ
}

}  // namespace exercise
