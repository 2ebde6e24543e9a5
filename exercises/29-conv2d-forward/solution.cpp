// Exercise 29, the reference solution.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>

#include "neurona/layers/window.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Padding;
using neurona::Scalar;
using neurona::Shape;
using neurona::Size2D;

/// valid: the window stays inside, so its first value runs over 0, s, 2s, ... up to in - k.
/// same: one output per stride of input, and just enough zeros for the last window to fit.
std::pair<std::size_t, std::size_t> output_size_and_padding(std::size_t in, std::size_t k,
                                                            std::size_t stride, Padding padding) {
    if (stride == 0) throw std::invalid_argument("output_size_and_padding: the stride must be at least 1");
    if (padding == Padding::valid) {
        if (k > in)
            throw std::invalid_argument("output_size_and_padding: a window of " + std::to_string(k) +
                                        " does not fit in " + std::to_string(in) + " values with padding valid");
        return {(in - k) / stride + 1, 0};
    }
    const std::size_t out = (in + stride - 1) / stride;
    const std::size_t needed = (out - 1) * stride + k;
    const std::size_t pad = needed > in ? needed - in : 0;
    return {out, pad / 2};
}

/// Each output pixel (i, j) is the dot product of its window with each filter's kernel:
/// the window's top-left corner is at (i * stride - pad_top, j * stride - pad_left).
Matrix conv2d_forward(const Matrix& A_prev, const Shape& input_shape, const Matrix& W, const Matrix& b,
                      Size2D kernel_size, std::size_t stride, Padding padding) {
    if (input_shape.size() != 3 || A_prev.cols() != input_shape[0] * input_shape[1] * input_shape[2])
        throw std::invalid_argument("conv2d_forward: A_prev is " + A_prev.shape() +
                                    "; expected (batch, H * W * C) for input_shape {H, W, C}");
    const std::size_t height = input_shape[0], width = input_shape[1], C = input_shape[2];
    const std::size_t kh = kernel_size.height, kw = kernel_size.width, filters = W.cols();
    if (W.rows() != kh * kw * C || b.rows() != 1 || b.cols() != filters)
        throw std::invalid_argument("conv2d_forward: W is " + W.shape() + " and b " + b.shape() +
                                    "; expected W (kh * kw * C, filters) = (" + std::to_string(kh * kw * C) +
                                    ", filters) and b (1, filters)");
    const auto [out_h, pad_top] = output_size_and_padding(height, kh, stride, padding);
    const auto [out_w, pad_left] = output_size_and_padding(width, kw, stride, padding);
    Matrix Z(A_prev.rows(), out_h * out_w * filters);
    for (std::size_t n = 0; n < A_prev.rows(); ++n)
        for (std::size_t i = 0; i < out_h; ++i)
            for (std::size_t j = 0; j < out_w; ++j)
                for (std::size_t f = 0; f < filters; ++f) {
                    Scalar z = b(0, f);
                    for (std::size_t di = 0; di < kh; ++di)
                        for (std::size_t dj = 0; dj < kw; ++dj) {
                            // Signed: a window row above the image is negative, a padding zero.
                            const long row = static_cast<long>(i * stride + di) - static_cast<long>(pad_top);
                            const long col = static_cast<long>(j * stride + dj) - static_cast<long>(pad_left);
                            if (row < 0 || col < 0 || row >= static_cast<long>(height) ||
                                col >= static_cast<long>(width))
                                continue;
                            for (std::size_t c = 0; c < C; ++c)
                                z += A_prev(n, (row * width + col) * C + c) * W((di * kw + dj) * C + c, f);
                        }
                    Z(n, (i * out_w + j) * filters + f) = z;
                }
    return Z;
}

}  // namespace exercise
