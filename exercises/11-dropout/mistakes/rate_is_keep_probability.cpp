// Mistake: rate read as the probability of keeping a value: kept when u < rate, scaled by 1 / rate.
// Diagnóstico: rate se tomó como la probabilidad de conservar un valor (el keep_prob de TensorFlow 1); es la de apagarlo
// Diagnosis: rate was taken as the probability of keeping a value (TensorFlow 1's keep_prob); it is the probability of dropping it
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
    // The mistake: rate as TensorFlow 1's keep_prob, the probability of keeping a value.
    const Scalar keep_scale = static_cast<Scalar>(1.0 / rate);
    mask = Matrix(A_prev.rows(), A_prev.cols());
    for (std::size_t i = 0; i < mask.size(); ++i)
        mask.data()[i] = rng.uniform() < rate ? keep_scale : Scalar(0);
    return A_prev * mask;
}

/// In the forward pass A = A_prev * mask, so dA_prev = dA * mask.
Matrix dropout_backward(const Matrix& dA, const Matrix& mask) {
    if (mask.empty()) return dA;
    return dA * mask;  // throws std::invalid_argument when the shapes differ
}

}  // namespace exercise
