// Exercise 30, the reference solution.
#include <cstddef>
#include <stdexcept>
#include <string>
#include <tuple>

#include "neurona/layers/window.hpp"
#include "neurona/matrix.hpp"

namespace exercise {

using neurona::Matrix;
using neurona::Scalar;
using neurona::Shape;
using neurona::Size2D;

/// In the forward pass, every output Z(n, i, j, f) was
///   b(f) + sum over di, dj, c of A_prev(n, i + di, j + dj, c) * W(di, dj, c, f)
/// so, by the chain rule, each dz = dZ(n, i, j, f) sends back, summed over n, i, j and f:
///   db(f)                          += dz                             (b is in every output pixel)
///   dW(di, dj, c, f)               += A_prev(n, i + di, j + dj, c) * dz   (W is shared by all windows)
///   dA_prev(n, i + di, j + dj, c)  += W(di, dj, c, f) * dz           (the windows overlap)
std::tuple<Matrix, Matrix, Matrix> conv2d_backward(const Matrix& A_prev, const Shape& input_shape,
                                                   const Matrix& W, Size2D kernel_size, const Matrix& dZ) {
    const std::size_t height = input_shape[0], width = input_shape[1], C = input_shape[2];
    const std::size_t kh = kernel_size.height, kw = kernel_size.width, filters = W.cols();
    const std::size_t out_h = height - kh + 1, out_w = width - kw + 1;
    if (dZ.rows() != A_prev.rows() || dZ.cols() != out_h * out_w * filters)
        throw std::invalid_argument("conv2d_backward: dZ is " + dZ.shape() +
                                    "; expected (batch, H_out * W_out * filters) = (" + std::to_string(A_prev.rows()) +
                                    ", " + std::to_string(out_h * out_w * filters) + ")");
    Matrix dW(W.rows(), filters), db(1, filters), dA_prev(A_prev.rows(), A_prev.cols());
    for (std::size_t n = 0; n < A_prev.rows(); ++n)
        for (std::size_t i = 0; i < out_h; ++i)
            for (std::size_t j = 0; j < out_w; ++j)
                for (std::size_t f = 0; f < filters; ++f) {
                    const Scalar dz = dZ(n, (i * out_w + j) * filters + f);
                    db(0, f) += dz;
                    for (std::size_t di = 0; di < kh; ++di)
                        for (std::size_t dj = 0; dj < kw; ++dj)
                            for (std::size_t c = 0; c < C; ++c) {
                                const std::size_t x = ((i + di) * width + (j + dj)) * C + c;  // in A_prev
                                const std::size_t k = (di * kw + dj) * C + c;                 // in W
                                dW(k, f) += A_prev(n, x) * dz;
                                dA_prev(n, x) += W(k, f) * dz;
                            }
                }
    return {dW, db, dA_prev};
}

}  // namespace exercise
