// PLACEHOLDER: naive version until the blocked kernel lands.
#include "neurona/matmul.hpp"

#include <stdexcept>
#include <thread>

namespace neurona {

namespace {
std::size_t g_threads = 0;

void check(const Matrix& A, const Matrix& B, Op op_a, Op op_b, std::size_t& m, std::size_t& k,
           std::size_t& n) {
    m = op_a == Op::N ? A.rows() : A.cols();
    k = op_a == Op::N ? A.cols() : A.rows();
    const std::size_t kb = op_b == Op::N ? B.rows() : B.cols();
    n = op_b == Op::N ? B.cols() : B.rows();
    if (k != kb) throw_shape_error("matmul", A, B, " (inner dimensions differ)");
}
}  // namespace

Matrix matmul_naive(const Matrix& A, const Matrix& B, Op op_a, Op op_b) {
    std::size_t m, k, n;
    check(A, B, op_a, op_b, m, k, n);
    Matrix C(m, n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            Scalar acc = 0;
            for (std::size_t p = 0; p < k; ++p)
                acc += (op_a == Op::N ? A(i, p) : A(p, i)) * (op_b == Op::N ? B(p, j) : B(j, p));
            C(i, j) = acc;
        }
    return C;
}

void matmul_into(Matrix& C, const Matrix& A, const Matrix& B, Op op_a, Op op_b) { C = matmul_naive(A, B, op_a, op_b); }
Matrix matmul(const Matrix& A, const Matrix& B, Op op_a, Op op_b) { return matmul_naive(A, B, op_a, op_b); }
void set_num_threads(std::size_t n) { g_threads = n; }
std::size_t num_threads() { return g_threads ? g_threads : std::thread::hardware_concurrency(); }

}  // namespace neurona
