// Exercise 31, the reference solution.
#include <cstddef>
#include <stdexcept>
#include <string>

#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;

namespace {

// Windows of pool_size every `strides` values along an axis of `size`, "valid" (no padding):
// floor((size - pool_size) / strides) + 1. What is left over at the end is never read.
std::size_t pooled_size(std::size_t size, std::size_t pool_size, std::size_t strides) {
    return (size - pool_size) / strides + 1;
}

// Throws std::invalid_argument unless X is (N, height * width * channels) and the window fits.
void check_input(const Matrix& X, std::size_t height, std::size_t width, std::size_t channels,
                 std::size_t pool_size, std::size_t strides, const std::string& function) {
    if (X.cols() != height * width * channels)
        throw std::invalid_argument(function + ": X is " + X.shape() + ", expected (N, " +
                                    std::to_string(height * width * channels) + ") for images (" +
                                    std::to_string(height) + ", " + std::to_string(width) + ", " +
                                    std::to_string(channels) + ")");
    if (pool_size == 0 || strides == 0 || pool_size > height || pool_size > width)
        throw std::invalid_argument(function + ": pool_size " + std::to_string(pool_size) + " and strides " +
                                    std::to_string(strides) + " do not fit images of " + std::to_string(height) +
                                    " x " + std::to_string(width) + ": expected 1 <= pool_size <= both, strides >= 1");
}

// The column of X's row n that holds the max of channel c in the window of output pixel (i, j).
// The window is rows i * strides ... + pool_size - 1, columns j * strides ... + pool_size - 1;
// it is read row by row, and only a strictly greater value replaces the best so far, so a tie
// goes to the first max in reading order, as TensorFlow.
std::size_t argmax_in_window(const Matrix& X, std::size_t n, std::size_t i, std::size_t j, std::size_t c,
                             std::size_t width, std::size_t channels, std::size_t pool_size, std::size_t strides) {
    std::size_t best = (i * strides * width + j * strides) * channels + c;
    for (std::size_t di = 0; di < pool_size; ++di)
        for (std::size_t dj = 0; dj < pool_size; ++dj) {
            const std::size_t col = ((i * strides + di) * width + (j * strides + dj)) * channels + c;
            if (X(n, col) > X(n, best)) best = col;
        }
    return best;
}

}  // namespace

/// A(n, i, j, c) = the max of X(n, ., ., c) over the window of output pixel (i, j).
Matrix maxpool_forward(const Matrix& X, std::size_t height, std::size_t width, std::size_t channels,
                       std::size_t pool_size, std::size_t strides) {
    check_input(X, height, width, channels, pool_size, strides, "maxpool_forward");
    const std::size_t out_h = pooled_size(height, pool_size, strides), out_w = pooled_size(width, pool_size, strides);
    Matrix A(X.rows(), out_h * out_w * channels);
    for (std::size_t n = 0; n < X.rows(); ++n)
        for (std::size_t i = 0; i < out_h; ++i)
            for (std::size_t j = 0; j < out_w; ++j)
                for (std::size_t c = 0; c < channels; ++c)
                    A(n, (i * out_w + j) * channels + c) =
                        X(n, argmax_in_window(X, n, i, j, c, width, channels, pool_size, strides));
    return A;
}

/// In the forward pass A(n, i, j, c) = X(n, r, s, c), (r, s) the window's max: so
/// dA(n, i, j, c) goes to that one input, and nothing to the others of the window (their small
/// changes do not move the max). Overlapping windows can share their max: dX sums (+=) what
/// every window gives it.
Matrix maxpool_backward(const Matrix& X, const Matrix& dA, std::size_t height, std::size_t width,
                        std::size_t channels, std::size_t pool_size, std::size_t strides) {
    check_input(X, height, width, channels, pool_size, strides, "maxpool_backward");
    const std::size_t out_h = pooled_size(height, pool_size, strides), out_w = pooled_size(width, pool_size, strides);
    if (dA.rows() != X.rows() || dA.cols() != out_h * out_w * channels)
        throw std::invalid_argument("maxpool_backward: dA is " + dA.shape() + ", expected the output's shape (" +
                                    std::to_string(X.rows()) + ", " + std::to_string(out_h * out_w * channels) + ")");
    Matrix dX(X.rows(), X.cols());
    for (std::size_t n = 0; n < X.rows(); ++n)
        for (std::size_t i = 0; i < out_h; ++i)
            for (std::size_t j = 0; j < out_w; ++j)
                for (std::size_t c = 0; c < channels; ++c)
                    dX(n, argmax_in_window(X, n, i, j, c, width, channels, pool_size, strides)) +=
                        dA(n, (i * out_w + j) * channels + c);
    return dX;
}

}  // namespace exercise
