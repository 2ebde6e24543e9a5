// Exercise 31: max pooling, forward and backward. See README.md; run `make exercise N=31`.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

/// MaxPooling2D(pool_size, strides), padding "valid", over a batch of images X
/// (N, height * width * channels), channels-last: pixel (r, s), channel c of sample n is
/// X(n, (r * width + s) * channels + c).
/// The output A is (N, out_h * out_w * channels), out_h = (height - pool_size) / strides + 1
/// (integer division) and the same for out_w:
///   A(n, i, j, c) = max over di, dj < pool_size of X(n, i * strides + di, j * strides + dj, c).
/// Throws std::invalid_argument when X's columns are not height * width * channels, or when
/// pool_size or strides is 0 or pool_size is larger than height or width.
Matrix maxpool_forward(const Matrix& X, std::size_t height, std::size_t width, std::size_t channels,
                       std::size_t pool_size, std::size_t strides) {
    return Matrix();  // TODO
}

/// Given X (the forward pass's input) and dA = dL/dA (the output's shape), returns
/// dX = dL/dX, X's shape: each dA(n, i, j, c) goes to the max of its window in channel c (the
/// first one in reading order when tied, as TensorFlow), added (+=) to what other windows gave
/// it; every other input gets 0.
/// Throws std::invalid_argument as maxpool_forward, and when dA is not the output's shape.
Matrix maxpool_backward(const Matrix& X, const Matrix& dA, std::size_t height, std::size_t width,
                        std::size_t channels, std::size_t pool_size, std::size_t strides) {
    return Matrix();  // TODO
}

}  // namespace exercise
