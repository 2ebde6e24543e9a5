// Exercise 29: the forward pass of a convolution, as Keras's Conv2D. See README.md; run
// `make exercise N=29`.
#include <cstddef>
#include <stdexcept>
#include <utility>

#include "neurona/layers/window.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Padding;
using neurona::Scalar;
using neurona::Shape;
using neurona::Size2D;

/// Along one axis of `in` values, a window of `k` values moved by `stride`:
/// returns {out, pad_before}, the number of window positions and the zeros before value 0.
///   valid: out = floor((in - k) / stride) + 1, pad_before = 0
///   same:  out = ceil(in / stride), pad = max((out - 1) * stride + k - in, 0) zeros in all,
///          pad_before = pad / 2 (the rest goes after), as TensorFlow.
/// Throws std::invalid_argument when stride is 0, or with valid when k > in.
std::pair<std::size_t, std::size_t> output_size_and_padding(std::size_t in, std::size_t k,
                                                            std::size_t stride, Padding padding) {
    return {0, 0};  // TODO
}

/// Keras's Conv2D without its activation: Z = the cross-correlation of A_prev with W, plus b.
/// A_prev is (batch, H * W * C), each row an (H, W, C) image, input_shape = {H, W, C};
/// W is (kh * kw * C, filters), Keras's (kh, kw, C, filters) row-major; b is (1, filters).
/// Returns Z (batch, H_out * W_out * filters), channels-last like A_prev:
///   Z(n, i, j, f) = b(f) + sum over di, dj, c of
///                   A_prev(n, i * stride + di - pad_top, j * stride + dj - pad_left, c) * W(di, dj, c, f)
/// where a position outside the image is a zero of the padding.
/// Throws std::invalid_argument when the shapes do not fit.
Matrix conv2d_forward(const Matrix& A_prev, const Shape& input_shape, const Matrix& W, const Matrix& b,
                      Size2D kernel_size, std::size_t stride, Padding padding) {
    return Matrix();  // TODO
}

}  // namespace exercise
