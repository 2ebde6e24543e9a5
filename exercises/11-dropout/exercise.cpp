// Exercise 11: inverted dropout. See README.md; run `make exercise N=11`.
#include <stdexcept>

#include "neurona/matrix.hpp"
#include "neurona/random.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;

/// Training: mask_i = (rng.uniform() >= rate) / (1 - rate), one draw per element in row-major
/// order, and A = A_prev * mask. Inference: mask = Matrix() (empty) and A = A_prev.
/// Throws std::invalid_argument when rate is not in [0, 1).
Matrix dropout_forward(const Matrix& A_prev, double rate, bool training, neurona::Rng& rng,
                       Matrix& mask) {
    return A_prev;  // TODO
}

/// dA_prev = dA * mask (the forward pass's mask); an empty mask passes dA through.
Matrix dropout_backward(const Matrix& dA, const Matrix& mask) {
    return Matrix();  // TODO
}

}  // namespace exercise
