/// @file matmul.hpp
/// The one place that multiplies matrices: C = op(A) . op(B), op = identity or transpose.
///
/// Cache-blocked, with an inner kernel the compiler vectorises, run on the persistent
/// thread pool (thread_pool.hpp). Work is split over output tiles and every element of C
/// is summed over k in the same order whatever the thread count, so the result is
/// bit-identical for 1, 2 or 16 threads.
#pragma once

#include <cstddef>
#include <functional>

#include "neurona/matrix.hpp"

namespace neurona {

/// Whether an operand is used as it is or transposed.
enum class Op { N, T };

/// C = op(A) . op(B). op(A) is (m, k), op(B) is (k, n), C is (m, n).
/// Throws std::invalid_argument naming both shapes when the inner dimensions differ.
/// k == 0 gives an (m, n) matrix of zeros; m == 0 or n == 0 an empty one. Products below
/// about 8 Mflop run on the calling thread alone. May be called from several threads at
/// once (their products then take turns on the pool).
Matrix matmul(const Matrix& A, const Matrix& B, Op op_a = Op::N, Op op_b = Op::N);

/// The same product written into C, reusing C's storage when it already has shape (m, n)
/// (the training loop calls this every step; the packing buffers are kept per calling
/// thread too, so a repeated product allocates nothing). C must not alias A or B:
/// std::invalid_argument when it is the same matrix as either.
void matmul_into(Matrix& C, const Matrix& A, const Matrix& B, Op op_a = Op::N, Op op_b = Op::N);

/// The reference: a plain triple loop, one thread. Tests and `make bench` compare with it.
Matrix matmul_naive(const Matrix& A, const Matrix& B, Op op_a = Op::N, Op op_b = Op::N);

/// Sets the number of threads matmul uses (0 means all hardware threads). The default is
/// the environment variable NEURONA_THREADS when set, else all hardware threads;
/// NEURONA_THREADS is read at the first product or num_threads() call, and a value that is
/// not a number makes that call throw std::invalid_argument. The result of a product does
/// not depend on this setting, only its speed.
void set_num_threads(std::size_t n);
/// The number of threads matmul uses now.
std::size_t num_threads();

/// Runs task(0), ..., task(n_tasks - 1), each exactly once, on matmul's thread pool
/// (num_threads() threads, the caller among them), and returns when all have finished: for
/// the work around the products that splits over disjoint outputs, such as Conv2D's im2col,
/// one sample per task. The tasks must write disjoint data; then the result does not depend
/// on the thread count. ThreadPool::parallel_for's rules hold (inline for one task or from
/// inside a task; the first exception a task throws is rethrown here).
void parallel_for(std::size_t n_tasks, const std::function<void(std::size_t task)>& task);

/// How many values one task of an elementwise pass (an activation, a bias add, a pooling
/// or normalization loop) handles: 16384, 64 KiB of floats. A fixed number, not one derived
/// from the thread count, so that the chunks, and any sum taken chunk by chunk, are the
/// same whatever the thread count. Up to kInlineChunks chunks run on the caller.
inline constexpr std::size_t kParallelChunk = 16384;

/// parallel_chunks runs up to this many chunks on the caller, one after the other: an
/// elementwise pass over 4 x 16384 values (the course network's (128, 512) layer) is
/// memory-bound work of a few microseconds, and bias + relu over it took 0.013 ms on one
/// thread against 0.031 ms split over two (make bench's step breakdown, every run).
inline constexpr std::size_t kInlineChunks = 4;

/// Columns (or channels) one task of a per-column sum takes: 16 floats, one cache line of
/// each row. Such sums are split over columns, never over rows, so that every column is
/// summed down the rows in the same order whatever the thread count.
inline constexpr std::size_t kChunkColumns = 64 / sizeof(Scalar);

/// The chunk of columns to give parallel_chunks for a per-column pass over a (rows, cols)
/// array: all the columns in one task when the array is small enough for the caller
/// (kInlineChunks * kParallelChunk values or fewer), else kChunkColumns per task. Either way
/// each column is summed down the rows in row order: the same bits.
constexpr std::size_t column_chunk(std::size_t rows, std::size_t cols) {
    return rows * cols <= kInlineChunks * kParallelChunk ? (cols == 0 ? 1 : cols) : kChunkColumns;
}

/// How many items of `item_size` values make about kParallelChunk values (at least 1): the
/// chunk to give parallel_chunks when the items are rows or samples.
constexpr std::size_t chunk_of_items(std::size_t item_size) {
    return item_size >= kParallelChunk ? 1 : kParallelChunk / (item_size == 0 ? 1 : item_size);
}

/// Runs body(begin, end) for the chunks [0, chunk), [chunk, 2 chunk), ... of [0, n) (the
/// last one shorter when n is not a multiple of chunk), each exactly once, on matmul's pool
/// as parallel_for does; inline on the caller, chunk after chunk, when there are at most
/// kInlineChunks.
/// The chunks do not depend on the thread count, only who runs them does: body must write
/// disjoint outputs for disjoint ranges. Throws std::invalid_argument when chunk is 0.
/// Example: A = g(Z) over Z.size() values, chunk kParallelChunk.
void parallel_chunks(std::size_t n, std::size_t chunk,
                     const std::function<void(std::size_t begin, std::size_t end)>& body);

}  // namespace neurona
