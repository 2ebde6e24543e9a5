// Exercise 07: the backward pass of a Dense layer. See README.md; run `make exercise N=07`.
#include <stdexcept>
#include <string>
#include <tuple>

#include "neurona/activations.hpp"
#include "neurona/matmul.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

/// The forward pass was Z = A_prev . W + b, A = g(Z), g the activation called `activation`.
/// A_prev is (batch, in), W is (in, units), Z and dA = dL/dA are (batch, units).
/// Returns {dW (in, units), db (1, units), dA_prev (batch, in)}:
///   dZ = dA * g'(Z), dW = A_prev^T . dZ, db = sum over the batch of dZ, dA_prev = dZ . W^T.
std::tuple<Matrix, Matrix, Matrix> dense_backward(const Matrix& A_prev, const Matrix& W,
                                                  const Matrix& Z, const Matrix& dA,
                                                  const std::string& activation) {
    throw std::logic_error("TODO: dense_backward");
}

}  // namespace exercise
