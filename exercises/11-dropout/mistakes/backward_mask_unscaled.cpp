// Mistake: dA_prev = dA * (mask != 0): the backward pass uses a 0/1 mask, without 1 / (1 - rate).
// Diagnóstico: el paso hacia atrás usa una máscara de 0 y 1, sin el factor 1 / (1 - rate): dA_prev = dA * máscara, la misma máscara escalada del paso hacia delante
// Diagnosis: the backward pass uses a 0/1 mask, without the 1 / (1 - rate) factor: dA_prev = dA * mask, the same scaled mask as the forward pass
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
    if (mask.empty()) return dA;
    // The mistake: only where the values survived, not by how much they were scaled.
    return dA * mask.apply([](Scalar x) { return x != 0 ? Scalar(1) : Scalar(0); });
}

}  // namespace exercise
