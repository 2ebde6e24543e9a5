// Mistake: the survivors kept as they are (mask 1), not scaled by 1 / (1 - rate).
// Diagnóstico: los supervivientes no se escalan por 1 / (1 - rate): la media de la salida baja a (1 - rate) veces la de la entrada
// Diagnosis: the survivors are not scaled by 1 / (1 - rate): the output's mean drops to (1 - rate) times the input's
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
        // The mistake: a 0/1 mask, the dropout of the 2014 paper without its rescaling at inference.
        mask.data()[i] = rng.uniform() >= rate ? Scalar(1) : Scalar(0);
    (void)keep_scale;
    return A_prev * mask;
}

/// In the forward pass A = A_prev * mask, so dA_prev = dA * mask.
Matrix dropout_backward(const Matrix& dA, const Matrix& mask) {
    if (mask.empty()) return dA;
    return dA * mask;  // throws std::invalid_argument when the shapes differ
}

}  // namespace exercise
