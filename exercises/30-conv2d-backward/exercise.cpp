// Exercise 30: the backward pass of a convolution (stride 1, padding valid). See README.md; run
// `make exercise N=30`.
#include <cstddef>
#include <stdexcept>
#include <tuple>

#include "neurona/layers/window.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;
using neurona::Shape;
using neurona::Size2D;

/// The forward pass was exercise 29's with stride 1 and padding valid:
///   Z(n, i, j, f) = b(f) + sum over di, dj, c of A_prev(n, i + di, j + dj, c) * W(di, dj, c, f)
/// A_prev is (batch, H * W * C), input_shape = {H, W, C}; W is (kh * kw * C, filters);
/// dZ = dL/dZ is (batch, H_out * W_out * filters) with H_out = H - kh + 1, W_out = W - kw + 1.
/// Returns {dW (kh * kw * C, filters), db (1, filters), dA_prev (batch, H * W * C)}.
/// Throws std::invalid_argument when dZ's shape does not fit.
std::tuple<Matrix, Matrix, Matrix> conv2d_backward(const Matrix& A_prev, const Shape& input_shape,
                                                   const Matrix& W, Size2D kernel_size, const Matrix& dZ) {
    throw std::logic_error("TODO: conv2d_backward");
}

}  // namespace exercise
