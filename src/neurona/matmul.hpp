/// @file matmul.hpp
/// The one place that multiplies matrices: C = op(A) . op(B), op = identity or transpose.
///
/// Cache-blocked, with an inner kernel the compiler vectorises, run on the persistent
/// thread pool (thread_pool.hpp). Work is split over output tiles and every element of C
/// is summed over k in the same order whatever the thread count, so the result is
/// bit-identical for 1, 2 or 16 threads.
#pragma once

#include <cstddef>

#include "neurona/matrix.hpp"

namespace neurona {

/// Whether an operand is used as it is or transposed.
enum class Op { N, T };

/// C = op(A) . op(B). op(A) is (m, k), op(B) is (k, n), C is (m, n).
/// Throws std::invalid_argument naming both shapes when the inner dimensions differ.
Matrix matmul(const Matrix& A, const Matrix& B, Op op_a = Op::N, Op op_b = Op::N);

/// The same product written into C, reusing C's storage when it already has shape (m, n)
/// (the training loop calls this every step). C must not alias A or B.
void matmul_into(Matrix& C, const Matrix& A, const Matrix& B, Op op_a = Op::N, Op op_b = Op::N);

/// The reference: a plain triple loop, one thread. Tests and `make bench` compare with it.
Matrix matmul_naive(const Matrix& A, const Matrix& B, Op op_a = Op::N, Op op_b = Op::N);

/// Sets the number of threads matmul uses (0 means all hardware threads). The default is
/// the environment variable NEURONA_THREADS when set, else all hardware threads.
void set_num_threads(std::size_t n);
/// The number of threads matmul uses now.
std::size_t num_threads();

}  // namespace neurona
