#include "neurona/layers/linear.hpp"

#include <algorithm>
#include <string>

#include "neurona/matmul.hpp"

namespace neurona {

void linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b, Matrix& Z) {
    // Checked here: b of shape (batch, units) would also broadcast, silently, as a second input.
    if (b.rows() != 1 || b.cols() != W.cols())
        throw_shape_error("linear_forward: W and b", W, b,
                          " (b must be (1, units), units = " + std::to_string(W.cols()) + ")");
    matmul_into(Z, A_prev, W);  // Z = A_prev . W  (names both shapes when in differs)
    // + b, broadcast over the batch: rows split over the pool (each value on its own).
    const std::size_t units = Z.cols();
    parallel_chunks(Z.rows(), chunk_of_items(units), [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
            Scalar* z = Z.row_ptr(r);
            for (std::size_t j = 0; j < units; ++j) z[j] += b(0, j);
        }
    });
}

Matrix linear_forward(const Matrix& A_prev, const Matrix& W, const Matrix& b) {
    Matrix Z;
    linear_forward(A_prev, W, b, Z);
    return Z;
}

namespace {

/// s = the column sums of X (1, cols), as X.sum(0): each column summed down the rows in row
/// order, starting from 0. Large matrices are split over the pool by columns (kChunkColumns
/// per task), never by rows, so every sum runs in that same order whatever the thread count.
void column_sums(const Matrix& X, Matrix& s) {
    const std::size_t cols = X.cols();
    if (s.rows() != 1 || s.cols() != cols) s = Matrix(1, cols);
    parallel_chunks(cols, column_chunk(X.rows(), cols), [&](std::size_t begin, std::size_t end) {
        for (std::size_t c0 = begin; c0 < end; c0 += kChunkColumns) {
            // The sums stay in a local array (registers) until the last row: through s's
            // pointer, which might alias X for all the compiler knows, every row would store them.
            Scalar sum[kChunkColumns] = {};
            const std::size_t width = std::min(kChunkColumns, end - c0);
            for (std::size_t r = 0; r < X.rows(); ++r) {
                const Scalar* x = X.row_ptr(r) + c0;
                for (std::size_t c = 0; c < width; ++c) sum[c] += x[c];
            }
            std::copy(sum, sum + width, s.data() + c0);
        }
    });
}

}  // namespace

void linear_backward(const Matrix& dZ, const Matrix& A_prev, const Matrix& W, Matrix& dW, Matrix& db,
                     Matrix* dA_prev) {
    if (A_prev.rows() != dZ.rows() || A_prev.cols() != W.rows() || dZ.cols() != W.cols())
        throw_shape_error("linear_backward: dZ and A_prev", dZ, A_prev,
                          " (with W " + W.shape() + ", expected dZ (batch, " + std::to_string(W.cols()) +
                              ") and A_prev (batch, " + std::to_string(W.rows()) + "))");
    // In the forward pass: Z = A_prev . W + b. So, by the chain rule:
    matmul_into(dW, A_prev, dZ, Op::T, Op::N);                // dW = A_prev^T . dZ
    column_sums(dZ, db);                                      // db = sum over the batch of dZ
    if (dA_prev) matmul_into(*dA_prev, dZ, W, Op::N, Op::T);  // dA_prev = dZ . W^T
}

}  // namespace neurona
