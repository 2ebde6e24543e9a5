#include "neurona/matmul.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "neurona/random.hpp"

#include "support.hpp"

using namespace neurona;

namespace {

const Op kOps[] = {Op::N, Op::T};

std::string op_name(Op op) { return op == Op::N ? "N" : "T"; }

/// Random A, B such that op(A) is (m, k) and op(B) is (k, n).
std::pair<Matrix, Matrix> random_operands(Rng& rng, std::size_t m, std::size_t k, std::size_t n,
                                          Op op_a, Op op_b) {
    Matrix A = op_a == Op::N ? rng.uniform_matrix(m, k, -1, 1) : rng.uniform_matrix(k, m, -1, 1);
    Matrix B = op_b == Op::N ? rng.uniform_matrix(k, n, -1, 1) : rng.uniform_matrix(n, k, -1, 1);
    return {std::move(A), std::move(B)};
}

/// Checks C against the naive triple loop, element by element.
///
/// Tolerance: both compute C(i, j) = sum_p a_ip b_pj in Scalar, as a chain of k
/// multiply-adds. The classic bound for such a recursive sum is
/// |computed - exact| <= gamma_k * sum_p |a_ip| |b_pj| with gamma_k = k u / (1 - k u) and
/// u = epsilon / 2, the unit roundoff. The two results therefore differ by at most
/// 2 gamma_k * sum|a||b|, i.e. about k * epsilon * sum|a||b|: a worst case, not an estimate,
/// so the check never fails on rounding, and it is far below the size of one product
/// (about sum|a||b| / k) for the k used here, so a term lost or counted twice fails it.
void expect_close_to_naive(const Matrix& C, const Matrix& A, const Matrix& B, Op op_a, Op op_b,
                           const std::string& what) {
    const Matrix ref = matmul_naive(A, B, op_a, op_b);
    ASSERT_TRUE(C.same_shape(ref)) << what << ": " << C.shape() << " vs " << ref.shape();
    const std::size_t k = op_a == Op::N ? A.cols() : A.rows();
    const auto a = [&](std::size_t i, std::size_t p) { return op_a == Op::N ? A(i, p) : A(p, i); };
    const auto b = [&](std::size_t p, std::size_t j) { return op_b == Op::N ? B(p, j) : B(j, p); };
    const double eps = std::numeric_limits<Scalar>::epsilon();
    for (std::size_t i = 0; i < C.rows(); ++i)
        for (std::size_t j = 0; j < C.cols(); ++j) {
            double magnitude = 0;
            for (std::size_t p = 0; p < k; ++p)
                magnitude += std::abs(double(a(i, p)) * double(b(p, j)));
            const double tolerance = 1.01 * double(k) * eps * magnitude;
            ASSERT_LE(std::abs(double(C(i, j)) - double(ref(i, j))), tolerance)
                << what << " at (" << i << ", " << j << "): " << C(i, j) << " vs naive "
                << ref(i, j);
        }
}

}  // namespace

TEST(Matmul, SmallExactProduct) {
    const Matrix A{{1, 2}, {3, 4}};
    const Matrix B{{5, 6}, {7, 8}};
    const Matrix C = matmul(A, B);
    ASSERT_EQ(C.shape(), "(2, 2)");
    EXPECT_EQ(C(0, 0), 19);
    EXPECT_EQ(C(0, 1), 22);
    EXPECT_EQ(C(1, 0), 43);
    EXPECT_EQ(C(1, 1), 50);
    // A^T . B = [[1*5 + 3*7, 1*6 + 3*8], [2*5 + 4*7, 2*6 + 4*8]]
    const Matrix D = matmul(A, B, Op::T, Op::N);
    EXPECT_EQ(D(0, 0), 26);
    EXPECT_EQ(D(0, 1), 30);
    EXPECT_EQ(D(1, 0), 38);
    EXPECT_EQ(D(1, 1), 44);
}

TEST(Matmul, MatchesNaiveOnManyShapesAndAllTransposes) {
    // (m, k, n): vectors, odd sizes around the 8 x 32 register tile, k past one and two of
    // the 512-deep chunks, and narrow outputs (the narrow tile, or the wide one transposed).
    const std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> shapes = {
        {1, 1, 1},      {1, 37, 50},     {50, 37, 1},    {1, 100, 1},   {7, 13, 5},
        {8, 32, 32},    {9, 33, 33},     {33, 65, 17},   {16, 300, 64}, {20, 600, 40},
        {10, 1100, 20}, {129, 257, 130}, {128, 200, 10}, {3, 70, 200},  {64, 1, 96},
        // deep and narrow, as a convolution's dW (B read in place, its last sliver packed)
        {9, 8200, 32},  {20, 8193, 40},
    };
    Rng rng(7);
    for (const auto& [m, k, n] : shapes)
        for (Op op_a : kOps)
            for (Op op_b : kOps) {
                const auto [A, B] = random_operands(rng, m, k, n, op_a, op_b);
                std::ostringstream what;
                what << "(" << m << "x" << k << ").(" << k << "x" << n << ") op " << op_name(op_a)
                     << op_name(op_b);
                expect_close_to_naive(matmul(A, B, op_a, op_b), A, B, op_a, op_b, what.str());
            }
}

TEST(Matmul, BReadInPlaceGivesTheBitsOfBPacked) {
    // A row-major B one sliver wide (32 floats, or 16 doubles), or deep and narrow, is read
    // where it lies; the same values given as B^T are packed. Each element is the same chain
    // of multiply-adds either way: the same bits.
    Rng rng(9);
    const std::size_t sliver = 128 / sizeof(Scalar);
    for (const auto& [m, k, n] : std::vector<std::tuple<std::size_t, std::size_t, std::size_t>>{
             {40, 300, sliver}, {9, 8200, sliver}, {21, 8192, 2 * sliver}, {17, 9000, sliver + 8}}) {
        const Matrix A = rng.uniform_matrix(m, k, -1, 1), B = rng.uniform_matrix(k, n, -1, 1);
        const Matrix in_place = matmul(A, B), packed = matmul(A, B.T(), Op::N, Op::T);
        EXPECT_TRUE(same_bits(in_place, packed)) << m << " x " << k << " x " << n;
    }
}

TEST(Matmul, NarrowProductsGiveTheBitsOfTheWideTile) {
    // At most one vector of columns (with AVX-512: 16 floats, 8 doubles), or at most that
    // many rows, go through the narrow 16-row tile; wider products through the 8 x 32 one. Both compute each element as the
    // same chain of multiply-adds, so a narrow product must give, bit for bit, the first
    // columns (rows) of the same product widened with extra random columns (rows) to 40,
    // which takes the wide tile. Shapes: the output layer's, partial slivers of rows, depths
    // past one 512-deep chunk, a single column, and each transpose.
    const std::size_t vector = 64 / sizeof(Scalar);
    Rng rng(13);
    for (const auto& [m, k, n] : std::vector<std::tuple<std::size_t, std::size_t, std::size_t>>{
             {128, 512, 10}, {37, 1100, vector}, {300, 70, 1}, {17, 9, 3}, {64, 2000, vector - 1}})
        for (Op op_a : kOps)
            for (Op op_b : kOps) {
                const auto [A, B] = random_operands(rng, m, k, n, op_a, op_b);
                const Matrix extra = rng.uniform_matrix(k, 40 - n, -1, 1);
                Matrix B_wide(k, 40);  // op(B) then the extra columns
                for (std::size_t p = 0; p < k; ++p)
                    for (std::size_t j = 0; j < 40; ++j)
                        B_wide(p, j) = j < n ? (op_b == Op::N ? B(p, j) : B(j, p)) : extra(p, j - n);
                const Matrix narrow = matmul(A, B, op_a, op_b);
                const Matrix wide = matmul(A, B_wide, op_a, Op::N);
                bool same = true;
                for (std::size_t i = 0; i < m; ++i)
                    for (std::size_t j = 0; j < n; ++j) same = same && narrow(i, j) == wide(i, j);
                EXPECT_TRUE(same) << m << " x " << k << " x " << n << " op " << op_name(op_a) << op_name(op_b);
                // The same with the narrow side as rows: C^T = op(B)^T . op(A)^T.
                const Matrix narrow_rows = matmul(B, A, op_b == Op::N ? Op::T : Op::N, op_a == Op::N ? Op::T : Op::N);
                const Matrix wide_rows = matmul(B_wide, A, Op::T, op_a == Op::N ? Op::T : Op::N);
                same = true;
                for (std::size_t j = 0; j < n; ++j)
                    for (std::size_t i = 0; i < m; ++i) same = same && narrow_rows(j, i) == wide_rows(j, i);
                EXPECT_TRUE(same) << "transposed: " << n << " x " << k << " x " << m << " op " << op_name(op_a)
                                  << op_name(op_b);
            }
}

TEST(Matmul, MnistShapes) {
    // The three products of a Dense layer's step, batch 128, 784 -> 512.
    Rng rng(3);
    const Matrix A_prev = rng.uniform_matrix(128, 784, -1, 1);
    const Matrix W = rng.uniform_matrix(784, 512, -1, 1);
    const Matrix dZ = rng.uniform_matrix(128, 512, -1, 1);
    expect_close_to_naive(matmul(A_prev, W), A_prev, W, Op::N, Op::N, "Z = A_prev . W");
    expect_close_to_naive(matmul(A_prev, dZ, Op::T), A_prev, dZ, Op::T, Op::N,
                          "dW = A_prev^T . dZ");
    expect_close_to_naive(matmul(dZ, W, Op::N, Op::T), dZ, W, Op::N, Op::T, "dA_prev = dZ . W^T");
}

TEST(Matmul, EmptyOperands) {
    Rng rng(1);
    for (Op op_a : kOps)
        for (Op op_b : kOps) {
            // m == 0 and n == 0: empty results of the right shape.
            auto [A0, B0] = random_operands(rng, 0, 5, 4, op_a, op_b);
            EXPECT_EQ(matmul(A0, B0, op_a, op_b).shape(), "(0, 4)");
            auto [A1, B1] = random_operands(rng, 3, 5, 0, op_a, op_b);
            EXPECT_EQ(matmul(A1, B1, op_a, op_b).shape(), "(3, 0)");
            // k == 0: a sum of nothing, all zeros, even over a C that held other values.
            auto [A2, B2] = random_operands(rng, 3, 0, 4, op_a, op_b);
            Matrix C(3, 4, 7);
            matmul_into(C, A2, B2, op_a, op_b);
            EXPECT_EQ(C.shape(), "(3, 4)");
            for (Scalar c : C.values()) EXPECT_EQ(c, 0);
        }
    EXPECT_EQ(matmul(Matrix(), Matrix()).shape(), "(0, 0)");
}

TEST(Matmul, BitIdenticalForAnyThreadCount) {
    ThreadCountGuard guard;
    const std::vector<std::tuple<std::size_t, std::size_t, std::size_t>> shapes = {
        {129, 257, 130}, {128, 784, 512}, {784, 128, 512},
        {128, 512, 10},  {300, 600, 70},  {5, 9, 3},
        // narrow (the 16-wide tile) and large enough to be split over the threads
        {1000, 900, 10}, {1000, 900, 16},
    };
    Rng rng(11);
    for (const auto& [m, k, n] : shapes)
        for (Op op_a : kOps)
            for (Op op_b : kOps) {
                const auto [A, B] = random_operands(rng, m, k, n, op_a, op_b);
                set_num_threads(1);
                const Matrix reference = matmul(A, B, op_a, op_b);
                for (std::size_t threads : {2, 3, 4}) {
                    set_num_threads(threads);
                    const Matrix C = matmul(A, B, op_a, op_b);
                    ASSERT_TRUE(C.same_shape(reference));
                    EXPECT_EQ(std::memcmp(C.data(), reference.data(), C.size() * sizeof(Scalar)), 0)
                        << m << "x" << k << "x" << n << " op " << op_name(op_a) << op_name(op_b)
                        << " with " << threads << " threads differs from 1 thread";
                }
            }
}

TEST(Matmul, ShapeMismatchNamesBothShapes) {
    const Matrix A(2, 3), B(4, 5);
    try {
        matmul(A, B);
        FAIL() << "expected std::invalid_argument";
    } catch (const std::invalid_argument& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("matmul"), std::string::npos) << message;
        EXPECT_NE(message.find("(2, 3)"), std::string::npos) << message;
        EXPECT_NE(message.find("(4, 5)"), std::string::npos) << message;
    }
    // A^T is (3, 2): fits a (2, n) B but not a (3, n) one.
    EXPECT_NO_THROW(matmul(A, Matrix(2, 6), Op::T));
    EXPECT_THROW(matmul(A, Matrix(3, 6), Op::T), std::invalid_argument);
    EXPECT_THROW(matmul(A, Matrix(6, 2), Op::N, Op::T), std::invalid_argument);
    EXPECT_THROW(matmul_naive(A, B), std::invalid_argument);
    Matrix C;
    EXPECT_THROW(matmul_into(C, A, B), std::invalid_argument);
}

TEST(Matmul, IntoReusesStorageWhenTheShapeMatches) {
    Rng rng(5);
    const Matrix A = rng.uniform_matrix(64, 100, -1, 1);
    const Matrix B = rng.uniform_matrix(100, 48, -1, 1);
    Matrix C(64, 48);
    const Scalar* storage = C.data();
    for (int step = 0; step < 3; ++step) {
        matmul_into(C, A, B);
        EXPECT_EQ(C.data(), storage);
    }
    expect_close_to_naive(C, A, B, Op::N, Op::N, "matmul_into");

    Matrix D(3, 3);  // wrong shape: resized
    matmul_into(D, A, B);
    EXPECT_EQ(D.shape(), "(64, 48)");
    expect_close_to_naive(D, A, B, Op::N, Op::N, "matmul_into after resize");
}

TEST(Matmul, IntoRejectsAliasing) {
    Matrix A(4, 4, 1);
    const Matrix B(4, 4, 1);
    EXPECT_THROW(matmul_into(A, A, B), std::invalid_argument);
}

TEST(Matmul, NanStaysInItsRow) {
    // Zero padding inside the kernel must not leak a NaN into other elements.
    Rng rng(9);
    Matrix A = rng.uniform_matrix(20, 40, -1, 1);
    const Matrix B = rng.uniform_matrix(40, 50, -1, 1);
    A(3, 7) = std::numeric_limits<Scalar>::quiet_NaN();
    const Matrix C = matmul(A, B);
    for (std::size_t i = 0; i < C.rows(); ++i)
        for (std::size_t j = 0; j < C.cols(); ++j)
            EXPECT_EQ(std::isnan(C(i, j)), i == 3) << i << ", " << j;
}

TEST(Matmul, ParallelForRunsEveryTaskOnceOnTheSamePool) {
    ThreadCountGuard guard;
    for (std::size_t threads : {1, 2, 3}) {
        set_num_threads(threads);
        std::vector<int> runs(100, 0);
        parallel_for(runs.size(), [&](std::size_t task) { runs[task] += 1; });
        EXPECT_EQ(std::count(runs.begin(), runs.end(), 1), 100) << threads << " threads";
    }
    int single = 0;
    parallel_for(1, [&](std::size_t task) { single += static_cast<int>(task) + 1; });
    EXPECT_EQ(single, 1);
    parallel_for(0, [&](std::size_t) { single = -1; });
    EXPECT_EQ(single, 1);
    EXPECT_THROW(parallel_for(4, [](std::size_t task) { if (task == 2) throw std::runtime_error("task 2"); }),
                 std::runtime_error);
}

TEST(Matmul, ThreadCountSetting) {
    ThreadCountGuard guard;
    set_num_threads(3);
    EXPECT_EQ(num_threads(), 3u);
    set_num_threads(0);
    EXPECT_EQ(num_threads(), std::max(1u, std::thread::hardware_concurrency()));
}

TEST(Matmul, ParallelChunksCutsFixedChunksWhateverTheThreadCount) {
    ThreadCountGuard guard;
    // 0, one value, exactly one chunk, one value more, and a length that is no multiple of it.
    for (std::size_t n : {std::size_t(0), std::size_t(1), kParallelChunk, kParallelChunk + 1, 3 * kParallelChunk + 123,
                          (kInlineChunks + 3) * kParallelChunk + 9}) {
        for (std::size_t threads : {1, 2, 3}) {
            set_num_threads(threads);
            std::vector<int> covered(n, 0);
            std::vector<std::size_t> chunk_end(n / kParallelChunk + 2, 0);  // by chunk index
            parallel_chunks(n, kParallelChunk, [&](std::size_t begin, std::size_t end) {
                ASSERT_EQ(begin % kParallelChunk, 0u);
                chunk_end[begin / kParallelChunk] = end;
                for (std::size_t i = begin; i < end; ++i) covered[i] += 1;
            });
            EXPECT_EQ(std::count(covered.begin(), covered.end(), 1), static_cast<long>(n))
                << n << " values, " << threads << " threads";
            for (std::size_t c = 0; c * kParallelChunk < n; ++c)  // [c * chunk, min(n, (c + 1) * chunk))
                EXPECT_EQ(chunk_end[c], std::min(n, (c + 1) * kParallelChunk)) << "chunk " << c << " of " << n;
        }
    }
    EXPECT_THROW(parallel_chunks(10, 0, [](std::size_t, std::size_t) {}), std::invalid_argument);
    EXPECT_EQ(chunk_of_items(10), kParallelChunk / 10);  // rows of 10 values
    EXPECT_EQ(chunk_of_items(kParallelChunk + 1), 1u);  // an item larger than a chunk
    EXPECT_EQ(chunk_of_items(0), kParallelChunk);
    // A per-column pass: all columns at once up to kInlineChunks chunks of values, else 16
    // (floats) columns a task; never 0, which parallel_chunks refuses.
    EXPECT_EQ(column_chunk(128, 512), 512u);  // 65536 values: the caller's
    EXPECT_EQ(column_chunk(129, 512), kChunkColumns);
    EXPECT_EQ(column_chunk(0, 0), 1u);
}
