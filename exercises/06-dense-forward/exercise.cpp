// Exercise 06: the forward pass of a Dense layer. See README.md; run `make exercise N=06`.
#include <stdexcept>
#include <string>

#include "neurona/activations.hpp"
#include "neurona/matmul.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

/// Z = A_prev . W + b. A_prev is (batch, in), W is (in, units), b is (1, units) and is added
/// to every row; Z is (batch, units). Throws std::invalid_argument when the shapes do not fit.
Matrix linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b) {
    return Matrix();  // TODO
}

/// A = g(Z) with Z = linear_forward(A_prev, W, b) and g the activation called `activation`.
/// Throws std::invalid_argument for bad shapes or an unknown activation.
Matrix dense_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b,
                     const std::string& activation) {
    return Matrix();  // TODO
}

}  // namespace exercise
