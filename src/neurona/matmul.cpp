// The blocked, multithreaded matrix product.
//
// C = op(A) . op(B), op(A) is (m, k), op(B) is (k, n), everything row-major.
//
// The scheme (the one of GotoBLAS/BLIS, written in plain C++):
//
//   1. Pack B. op(B) is copied into column slivers of kNR columns: sliver t holds B(p, j)
//      for j in [t*kNR, t*kNR + kNR) row after row, so that step p of the kernel reads its
//      kNR values as two contiguous vectors (B's transpose is handled here, once per
//      element). A is not copied: the kernel reads the kMR values A(i, p) of a row sliver
//      where they lie, through a row stride and a depth stride (a row-major A: ld and 1; a
//      transposed one: 1 and ld); they are broadcast one at a time, so they need no
//      contiguous run, and copying op(A) (im2col's whole `cols` for a convolution) cost a
//      pass over memory per product. Only a last A sliver of fewer than kMR rows, and B's
//      last sliver, are copied and padded with zeros to a full kMR x kNR. A row-major B is
//      read in place too where its packing would be only a copy (read_b_in_place: rows one
//      sliver wide, or a deep and narrow B such as a convolution's dZ).
//
//   2. Multiply. C is cut into kMR x kNR register tiles. The micro-kernel keeps one tile
//      in a local array acc[kMR][kNR] that GCC maps onto registers (with AVX-512 and floats:
//      8 x 2 = 16 zmm accumulators), and for every p does the rank-1 update
//      acc[i][j] += A(i, p) * B(p, j): one broadcast per row, two vector loads of B, 16 FMAs.
//      k is walked in chunks of kKC so that the A sliver (kMR x kKC) stays in L1 and the
//      B slivers of a block of C (kKC x block columns) in L2; between chunks the tile goes
//      back to C and is loaded again as the starting value of the next chunk.
//      A product with at most one vector of columns (with AVX-512 and floats, 16: the output
//      layer's 10) is cut into narrow tiles instead, kNarrowMR x kNarrowNR = 16 rows x one
//      vector: the same kernel, one vector per row; with at most one vector of rows, the
//      same on C^T.
//
// Why the result is bit-identical for any thread count: every element is
//     C(i, j) = fma(A(i, k-1), B(k-1, j), ... fma(A(i, 1), B(1, j), fma(A(i, 0), B(0, j), 0)))
// one chain in the order p = 0, 1, ..., k-1 (GCC contracts acc += a * b into an FMA with
// -march=native; the kKC chunks continue the same chain, since each starts from the value
// the previous one stored). The threads split the work over *output* blocks of C, never
// over k, so the partition decides only which thread computes an element, not how; nor
// does the tile, which decides only where the chain's terms are read from. Packing
// is a plain copy, and reading A in place rather than from a copy reads the same values:
// neither can change a value.
#include "neurona/matmul.hpp"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>

#include "neurona/thread_pool.hpp"

namespace neurona {

namespace {

// ---- blocking parameters ------------------------------------------------------------------

/// Rows of a register tile.
constexpr std::size_t kMR = 8;
/// Columns of a register tile: 128 bytes, two 512-bit vectors (32 floats or 16 doubles).
/// kMR x kNR is then 16 accumulator registers of the 32 that AVX-512 has.
constexpr std::size_t kNR = 128 / sizeof(Scalar);
/// The widest vector register the build targets: 64 bytes with AVX-512, else 32 (AVX2).
#ifdef __AVX512F__
constexpr std::size_t kVectorBytes = 64;
#else
constexpr std::size_t kVectorBytes = 32;
#endif
/// The narrow tile, for products with at most one vector of columns (with AVX-512 and
/// floats, 16: the output layer's n = 10): kNarrowMR rows x kNarrowNR columns, one vector
/// per row, 16 accumulator registers again. The 8 x 32 tile would compute 32 columns to keep
/// 10 (31 %); this one keeps 10 of 16, and it reads A where it lies, where the transposed
/// product it replaces (C^T = B^T . A^T, the 10 along the tile's rows) had to copy and
/// transpose all of A.
constexpr std::size_t kNarrowMR = 16;
constexpr std::size_t kNarrowNR = kVectorBytes / sizeof(Scalar);
/// Depth of one pass of the kernel: 512 floats or 256 doubles, so that an A sliver
/// (kMR x kKC, 16 KiB) stays in the 32 KiB L1 while the B slivers stream past it.
constexpr std::size_t kKC = 2048 / sizeof(Scalar);
/// Largest block of C one task computes, in slivers: 64 rows x 256 columns, so that the
/// B slivers of one kKC chunk (kKC x 256, 512 KiB) stay in the 1 MiB L2 while the
/// block's 8 A slivers pass over them.
constexpr std::size_t kBlockSliversM = 8;
constexpr std::size_t kBlockSliversN = 256 / kNR;
/// Products below this many flops (2 m n k) run on the caller alone: handing half of the
/// work to another core costs more than it saves. In a training step it costs more than
/// the product alone shows, since the half the other core computes, and the operands it
/// reads, then cross to the caller's cache for the next phase. Measured on the 2-core VM
/// CI runs on, inside the training loop of the small 784-64-10 network (batch 64): its
/// first layer's Z = A_prev . W, (64, 784) . (784, 64) (6.4 Mflop), took 39 us on one thread
/// and 47 us on two, and the optimizer's update of the W that both cores had touched 9 us
/// against 53; its epoch 0.126 s against 0.175 s. The course network's 100-Mflop products
/// gain 1.7x from the second core; its 1.3-Mflop output layer runs on the caller.
constexpr double kInlineFlops = 8 * 1024 * 1024;
/// A shallow product (depth k below kShallowDepth) does two flops per value of k for each
/// output value it writes: its time is memory, not arithmetic, and up to kShallowOutputs
/// output values (1 MiB of floats, in L2) a second core does not make it faster. The
/// output layer's dA_prev = dZ . W^T, (128, 10) . (10, 512), took 12.6 us on one thread
/// and 20 us on two on the 2-core VM CI runs on; a convolution's first layer, (86528, 9) .
/// (9, 32), stays on the pool.
constexpr std::size_t kShallowDepth = 16;
constexpr double kShallowOutputs = 256 * 1024;

std::size_t ceil_div(std::size_t a, std::size_t b) { return (a + b - 1) / b; }

// ---- operands -----------------------------------------------------------------------------

/// op(X) for a row-major X with leading dimension ld: element (r, c) of op(X) is
/// data[r * ld + c], or data[c * ld + r] when transposed.
struct OpView {
    const Scalar* data;
    std::size_t ld;
    bool transposed;

    /// op(X)^T: the same storage read the other way.
    OpView flipped() const { return {data, ld, !transposed}; }
};

/// Where element (i, j) of the product goes: data[i * row_stride + j * col_stride].
/// col_stride is 1, except when the product is computed transposed (see multiply()).
struct OutView {
    Scalar* data;
    std::size_t row_stride;
    std::size_t col_stride;
};

/// A growable buffer of Scalar aligned to 64 bytes (a cache line, a zmm register) that
/// never shrinks, so that repeated products of the same shapes allocate nothing.
class PackBuffer {
public:
    Scalar* get(std::size_t n) {
        if (n > capacity_) {
            data_.reset(new (std::align_val_t{64}) Scalar[n]);
            capacity_ = n;
        }
        return data_.get();
    }

private:
    struct Free {
        void operator()(Scalar* p) const { ::operator delete[](p, std::align_val_t{64}); }
    };
    std::unique_ptr<Scalar[], Free> data_;
    std::size_t capacity_ = 0;
};

// ---- packing ------------------------------------------------------------------------------

/// Packs rows [s*MR, s*MR + MR) of op(A) (m x k) into dst: dst[p*MR + i] = op(A)(s*MR + i, p),
/// rows past m set to zero. MR is the tile's row count (kMR, or kNarrowMR).
template <std::size_t MR>
void pack_a_sliver(const OpView& A, std::size_t m, std::size_t k, std::size_t s, Scalar* dst) {
    const std::size_t i0 = s * MR;
    const std::size_t rows = std::min(MR, m - i0);
    if (rows < MR) std::fill(dst, dst + MR * k, Scalar(0));
    if (A.transposed) {  // op(A)(i, p) = data[p*ld + i]: each p is a contiguous run of rows
        for (std::size_t p = 0; p < k; ++p) {
            const Scalar* src = A.data + p * A.ld + i0;
            for (std::size_t i = 0; i < rows; ++i) dst[p * MR + i] = src[i];
        }
    } else {  // op(A)(i, p) = data[i*ld + p]: read MR rows side by side
        for (std::size_t i = 0; i < rows; ++i) {
            const Scalar* src = A.data + (i0 + i) * A.ld;
            for (std::size_t p = 0; p < k; ++p) dst[p * MR + i] = src[p];
        }
    }
}

/// Packs columns [t*NR, t*NR + NR) of op(B) (k x n) into dst: dst[p*NR + j] = op(B)(p, t*NR +
/// j), columns past n set to zero. NR is the tile's column count (kNR, or kNarrowNR).
template <std::size_t NR>
void pack_b_sliver(const OpView& B, std::size_t k, std::size_t n, std::size_t t, Scalar* dst) {
    const std::size_t j0 = t * NR;
    const std::size_t cols = std::min(NR, n - j0);
    if (cols < NR) std::fill(dst, dst + NR * k, Scalar(0));
    if (B.transposed) {  // op(B)(p, j) = data[j*ld + p]: a transpose, done 16 values of p
                         // at a time so that the written lines stay in L1
        constexpr std::size_t kStep = 16;
        for (std::size_t p0 = 0; p0 < k; p0 += kStep) {
            const std::size_t p1 = std::min(k, p0 + kStep);
            for (std::size_t j = 0; j < cols; ++j) {
                const Scalar* src = B.data + (j0 + j) * B.ld;
                for (std::size_t p = p0; p < p1; ++p) dst[p * NR + j] = src[p];
            }
        }
    } else {  // op(B)(p, j) = data[p*ld + j]: each p is a contiguous run of columns
        for (std::size_t p = 0; p < k; ++p) {
            const Scalar* src = B.data + p * B.ld + j0;
            for (std::size_t j = 0; j < cols; ++j) dst[p * NR + j] = src[j];
        }
    }
}

// ---- the micro-kernel ---------------------------------------------------------------------

/// One register tile: c[i*ldc + j] = start + sum over p < kc of A(i, p) * b[p*b_depth + j]
/// for i < MR, j < NR, where start is c's value when `accumulate`, else 0, and
/// A(i, p) = a[i * a_row + p * a_depth]: a packed A sliver (a_row 1, a_depth MR) or a full
/// sliver of op(A) read where it lies (a row-major A: a_row = ld, a_depth 1; a transposed one:
/// a_row 1, a_depth ld). b is a packed B sliver (b_depth NR) or a full sliver of a
/// row-major B read where it lies (b_depth ld); both advanced to the chunk's first p.
/// Each element is the same chain of multiply-adds whichever way A and B are read, and
/// whichever tile (8 x 32, or the narrow 16 x 16) computes it.
///
/// Written so that GCC -O3 -march=native turns it into 16 zmm accumulators (float) that
/// live in registers for the whole p loop: the loops over i and j have constant bounds and
/// are unrolled completely, acc is a local array whose address never escapes, and
/// __restrict tells GCC that storing into c cannot change a or b.
template <std::size_t MR, std::size_t NR>
inline void micro_kernel(std::size_t kc, const Scalar* __restrict a, std::size_t a_row, std::size_t a_depth,
                         const Scalar* __restrict b, std::size_t b_depth, Scalar* __restrict c, std::size_t ldc,
                         bool accumulate) {
    Scalar acc[MR][NR];
    for (std::size_t i = 0; i < MR; ++i)
        for (std::size_t j = 0; j < NR; ++j) acc[i][j] = accumulate ? c[i * ldc + j] : Scalar(0);
    for (std::size_t p = 0; p < kc; ++p) {
        const Scalar* ap = a + p * a_depth;
        const Scalar* bp = b + p * b_depth;
        for (std::size_t i = 0; i < MR; ++i) {
            const Scalar a_ip = ap[i * a_row];
            if constexpr (NR == kNarrowNR) {
                // Not unrolled before it is vectorised: a j loop exactly one vector long
                // would otherwise be unrolled into 16 scalar statements that GCC then
                // regroups across i, with a shuffle per multiply-add (the narrow product
                // took 121 us instead of 16). Vectorised, it is one multiply-add per row. The
                // wide tile's loop, several vectors long, must be unrolled (its accumulators
                // then stay in registers): AVX2 builds ran it at half speed with this pragma.
#pragma GCC unroll 1
                for (std::size_t j = 0; j < NR; ++j) acc[i][j] += a_ip * bp[j];
            } else {
                for (std::size_t j = 0; j < NR; ++j) acc[i][j] += a_ip * bp[j];
            }
        }
    }
    for (std::size_t i = 0; i < MR; ++i)
        for (std::size_t j = 0; j < NR; ++j) c[i * ldc + j] = acc[i][j];
}

/// The MR x NR tile of C at sliver row s, sliver column t over one kc chunk. Full tiles of
/// a row-major C go straight through the kernel; edge tiles and transposed outputs go
/// through an MR x NR scratch tile, so that the kernel is the same code (and the same
/// arithmetic) for every element.
template <std::size_t MR, std::size_t NR>
void compute_tile(const Scalar* a, std::size_t a_row, std::size_t a_depth, const Scalar* b, std::size_t b_depth,
                  std::size_t kc, const OutView& C, std::size_t m, std::size_t n, std::size_t s, std::size_t t,
                  bool accumulate) {
    const std::size_t i0 = s * MR;
    const std::size_t j0 = t * NR;
    const std::size_t rows = std::min(MR, m - i0);
    const std::size_t cols = std::min(NR, n - j0);
    Scalar* c = C.data + i0 * C.row_stride + j0 * C.col_stride;
    if (rows == MR && cols == NR && C.col_stride == 1) {
        micro_kernel<MR, NR>(kc, a, a_row, a_depth, b, b_depth, c, C.row_stride, accumulate);
        return;
    }
    alignas(64) Scalar tile[MR * NR];
    if (accumulate) {
        // The kernel reads the whole tile when it accumulates: the part outside C is zero.
        std::fill(tile, tile + MR * NR, Scalar(0));
        for (std::size_t i = 0; i < rows; ++i)
            for (std::size_t j = 0; j < cols; ++j)
                tile[i * NR + j] = c[i * C.row_stride + j * C.col_stride];
    }
    micro_kernel<MR, NR>(kc, a, a_row, a_depth, b, b_depth, tile, NR, accumulate);
    for (std::size_t i = 0; i < rows; ++i)
        for (std::size_t j = 0; j < cols; ++j)
            c[i * C.row_stride + j * C.col_stride] = tile[i * NR + j];
}

// ---- the thread count and the pool ---------------------------------------------------------

std::mutex g_mutex;
std::size_t g_threads = 0;  // 0: not decided yet (NEURONA_THREADS is read at first use)
std::shared_ptr<ThreadPool> g_pool;

std::size_t hardware_threads() { return std::max(1u, std::thread::hardware_concurrency()); }

/// NEURONA_THREADS when set (0 meaning all hardware threads), else all hardware threads.
std::size_t threads_from_environment() {
    const char* text = std::getenv("NEURONA_THREADS");
    if (text == nullptr || *text == '\0') return hardware_threads();
    const std::string value(text);
    if (value.find_first_not_of("0123456789") != std::string::npos || value.size() > 6)
        throw std::invalid_argument(
            "NEURONA_THREADS: expected a number of threads (0 = all), got '" + value + "'");
    const std::size_t n = std::stoul(value);
    return n == 0 ? hardware_threads() : n;
}

/// The caller must hold g_mutex.
std::size_t current_threads() {
    if (g_threads == 0) g_threads = threads_from_environment();
    return g_threads;
}

/// The pool of num_threads() threads, created or replaced on demand. The shared_ptr keeps
/// a pool alive for a product that is running while set_num_threads replaces it.
std::shared_ptr<ThreadPool> pool() {
    std::lock_guard lock(g_mutex);
    const std::size_t n = current_threads();
    if (!g_pool || g_pool->size() != n) g_pool = std::make_shared<ThreadPool>(n);
    return g_pool;
}

// ---- the product --------------------------------------------------------------------------

/// Fraction of the computed 8 x 32 tiles' area that is real output (the rest is zero padding).
double tile_efficiency(std::size_t m, std::size_t n) {
    return double(m) / double(ceil_div(m, kMR) * kMR) * double(n) / double(ceil_div(n, kNR) * kNR);
}

/// Whether multiply reads op(B)'s full slivers (NR columns) where they lie instead of
/// packing them. Only a row-major B can be read so (each p of a sliver is then NR contiguous
/// values, as packed), and it pays where the copy is most of the cost: B's rows exactly one
/// sliver wide (ld == NR: the packed copy would be B itself), or B so deep and narrow (a
/// convolution's dW = cols^T . dZ: k = N * H * W, n = filters) that its one or two slivers
/// would be copied by one or two threads while the product itself is short.
/// A wide B with a power-of-two row length (W of (784, 512)) stays packed: its slivers, read
/// in place, would map onto few cache sets.
template <std::size_t NR>
bool read_b_in_place(const OpView& B, std::size_t k, std::size_t n) {
    if (B.transposed) return false;
    return B.ld == NR || (n <= 2 * NR && k >= 16 * kKC);
}

/// C = op(A) . op(B) with m, n, k > 0, written through C, in MR x NR tiles.
template <std::size_t MR, std::size_t NR>
void multiply_tiles(OpView A, OpView B, std::size_t m, std::size_t n, std::size_t k, OutView C) {
    const std::size_t slivers_m = ceil_div(m, MR);
    const std::size_t slivers_n = ceil_div(n, NR);
    // The caller's buffers (the workers write into them through these pointers).
    thread_local PackBuffer a_buffer, b_buffer;

    const bool shallow_and_small = k < kShallowDepth && double(m) * double(n) <= kShallowOutputs;
    const bool use_pool = 2.0 * double(m) * double(n) * double(k) >= kInlineFlops && !shallow_and_small;
    const std::shared_ptr<ThreadPool> threads = use_pool ? pool() : nullptr;
    const auto parallel_for = [&](std::size_t n_tasks,
                                  const std::function<void(std::size_t)>& task) {
        if (threads) {
            threads->parallel_for(n_tasks, task);
        } else {
            for (std::size_t i = 0; i < n_tasks; ++i) task(i);
        }
    };

    // 1. Pack what must be packed. A's full slivers are read where they lie (the kernel
    //    takes A through strides): only a last sliver of fewer than MR rows is copied,
    //    padded with zeros, so that the kernel never reads past A. B is packed, one task per
    //    sliver, except when reading it in place is as good (b_in_place): then only its
    //    last sliver, when narrower than NR, is copied and padded.
    const bool a_partial = m % MR != 0;
    Scalar* a_packed = a_partial ? a_buffer.get(MR * k) : nullptr;
    if (a_partial) pack_a_sliver<MR>(A, m, k, slivers_m - 1, a_packed);
    const bool b_in_place = read_b_in_place<NR>(B, k, n);
    const bool b_partial = n % NR != 0;
    Scalar* b_packed = nullptr;
    if (!b_in_place) {
        b_packed = b_buffer.get(slivers_n * NR * k);
        parallel_for(slivers_n, [&](std::size_t t) { pack_b_sliver<NR>(B, k, n, t, b_packed + t * NR * k); });
    } else if (b_partial) {
        b_packed = b_buffer.get(NR * k);
        pack_b_sliver<NR>(B, k, n, slivers_n - 1, b_packed);
    }
    // Sliver t of op(B) from depth p0: where it starts, and its depth stride.
    struct BSliver {
        const Scalar* data;
        std::size_t depth;
    };
    const auto b_sliver = [&](std::size_t t, std::size_t p0) -> BSliver {
        if (!b_in_place) return {b_packed + t * NR * k + p0 * NR, NR};
        if (b_partial && t == slivers_n - 1) return {b_packed + p0 * NR, NR};
        return {B.data + p0 * B.ld + t * NR, B.ld};
    };
    // Sliver s of op(A) from depth p0: where it starts, and its row and depth strides.
    struct ASliver {
        const Scalar* data;
        std::size_t row, depth;
    };
    const auto a_sliver = [&](std::size_t s, std::size_t p0) -> ASliver {
        if (a_partial && s == slivers_m - 1) return {a_packed + p0 * MR, 1, MR};
        if (A.transposed) return {A.data + p0 * A.ld + s * MR, 1, A.ld};
        return {A.data + s * MR * A.ld + p0, A.ld, 1};
    };

    // 2. Multiply, one task per block of C. Blocks are at most kBlockSliversM x
    //    kBlockSliversN slivers; smaller when that leaves too few blocks to keep every
    //    thread busy (the block size changes who computes an element, never how).
    const std::size_t n_threads = threads ? threads->size() : 1;
    std::size_t block_m = std::min(kBlockSliversM, slivers_m);
    std::size_t block_n = std::min(kBlockSliversN, slivers_n);
    while (ceil_div(slivers_m, block_m) * ceil_div(slivers_n, block_n) < 2 * n_threads &&
           (block_m > 1 || block_n > 1)) {
        if (block_n >= block_m && block_n > 1)
            block_n = ceil_div(block_n, 2);
        else
            block_m = ceil_div(block_m, 2);
    }
    //    Tasks go column block by column block (all the row blocks of one, then the next),
    //    so that the pool's per-thread blocks of tasks give each thread the B slivers it
    //    packed itself (pack task t and the tasks of column t fall in the same thread's
    //    share): they are then in its own cache, not in the other core's.
    const std::size_t blocks_m = ceil_div(slivers_m, block_m);
    parallel_for(blocks_m * ceil_div(slivers_n, block_n), [&](std::size_t task) {
        const std::size_t s_begin = task % blocks_m * block_m;
        const std::size_t s_end = std::min(slivers_m, s_begin + block_m);
        const std::size_t t_begin = task / blocks_m * block_n;
        const std::size_t t_end = std::min(slivers_n, t_begin + block_n);
        for (std::size_t p0 = 0; p0 < k; p0 += kKC) {
            const std::size_t kc = std::min(kKC, k - p0);
            for (std::size_t s = s_begin; s < s_end; ++s) {
                const ASliver a = a_sliver(s, p0);
                for (std::size_t t = t_begin; t < t_end; ++t) {
                    const BSliver b = b_sliver(t, p0);
                    compute_tile<MR, NR>(a.data, a.row, a.depth, b.data, b.depth, kc, C, m, n, s, t, p0 > 0);
                }
            }
        }
    });
}

/// C = op(A) . op(B) with m, n, k > 0: picks the tile and the orientation.
void multiply(OpView A, OpView B, std::size_t m, std::size_t n, std::size_t k, OutView C) {
    // C^T = op(B)^T . op(A)^T: each element is the same chain of the same products
    // (a * b == b * a exactly), only written transposed.
    const auto transpose_product = [&] {
        std::swap(A, B);
        A = A.flipped();
        B = B.flipped();
        std::swap(m, n);
        std::swap(C.row_stride, C.col_stride);
    };
    // At most one vector of columns (the output layer's n = 10): the narrow tile. At most
    // one vector of rows: the same, transposed.
    if (n > kNarrowNR && m <= kNarrowNR) transpose_product();
    if (n <= kNarrowNR) {
        multiply_tiles<kNarrowMR, kNarrowNR>(A, B, m, n, k, C);
        return;
    }
    // A product a little wider than that, (128, k) . (k, 20) say, would waste 12 of every
    // 32 columns of a tile; computed transposed, the 20 fill 20 of the 24 rows of 3 tiles.
    if (tile_efficiency(n, m) > 1.25 * tile_efficiency(m, n)) transpose_product();
    multiply_tiles<kMR, kNR>(A, B, m, n, k, C);
}

/// The shapes of op(A) (m, k) and op(B) (k, n); throws when the inner dimensions differ.
void check_shapes(const Matrix& A, const Matrix& B, Op op_a, Op op_b, std::size_t& m,
                  std::size_t& k, std::size_t& n) {
    m = op_a == Op::N ? A.rows() : A.cols();
    k = op_a == Op::N ? A.cols() : A.rows();
    const std::size_t k_b = op_b == Op::N ? B.rows() : B.cols();
    n = op_b == Op::N ? B.cols() : B.rows();
    if (k != k_b) {
        const auto shape = [](std::size_t r, std::size_t c) {
            std::string text = "(";
            text += std::to_string(r);
            text += ", ";
            text += std::to_string(c);
            text += ")";
            return text;
        };
        std::string why = " (inner dimensions differ: op(A) = ";
        why += op_a == Op::N ? "A is " : "A^T is ";
        why += shape(m, k);
        why += op_b == Op::N ? ", op(B) = B is " : ", op(B) = B^T is ";
        why += shape(k_b, n);
        why += ")";
        throw_shape_error("matmul", A, B, why);
    }
}

OpView view(const Matrix& X, Op op) { return {X.data(), X.cols(), op == Op::T}; }

}  // namespace

void matmul_into(Matrix& C, const Matrix& A, const Matrix& B, Op op_a, Op op_b) {
    if (&C == &A || &C == &B)
        throw std::invalid_argument("matmul_into: C must be a different matrix from A and B");
    std::size_t m, k, n;
    check_shapes(A, B, op_a, op_b, m, k, n);
    if (C.rows() != m || C.cols() != n) C = Matrix(m, n);
    if (m == 0 || n == 0) return;
    if (k == 0) {  // a sum of nothing
        C.fill(0);
        return;
    }
    multiply(view(A, op_a), view(B, op_b), m, n, k, OutView{C.data(), n, 1});
}

Matrix matmul(const Matrix& A, const Matrix& B, Op op_a, Op op_b) {
    Matrix C;
    matmul_into(C, A, B, op_a, op_b);
    return C;
}

Matrix matmul_naive(const Matrix& A, const Matrix& B, Op op_a, Op op_b) {
    std::size_t m, k, n;
    check_shapes(A, B, op_a, op_b, m, k, n);
    // op(X)(r, c) = X.data()[r * row_step + c * col_step]
    const std::size_t a_row = op_a == Op::N ? A.cols() : 1, a_col = op_a == Op::N ? 1 : A.cols();
    const std::size_t b_row = op_b == Op::N ? B.cols() : 1, b_col = op_b == Op::N ? 1 : B.cols();
    Matrix C(m, n);
    for (std::size_t i = 0; i < m; ++i)
        for (std::size_t j = 0; j < n; ++j) {
            Scalar acc = 0;
            for (std::size_t p = 0; p < k; ++p)
                acc += A.data()[i * a_row + p * a_col] * B.data()[p * b_row + j * b_col];
            C(i, j) = acc;
        }
    return C;
}

void set_num_threads(std::size_t n) {
    std::lock_guard lock(g_mutex);
    g_threads = n == 0 ? hardware_threads() : n;
}

std::size_t num_threads() {
    std::lock_guard lock(g_mutex);
    return current_threads();
}

void parallel_for(std::size_t n_tasks, const std::function<void(std::size_t task)>& task) {
    if (n_tasks == 1) {  // nothing to share: no need to look the pool up
        task(0);
        return;
    }
    pool()->parallel_for(n_tasks, task);
}

void parallel_chunks(std::size_t n, std::size_t chunk,
                     const std::function<void(std::size_t begin, std::size_t end)>& body) {
    if (chunk == 0) throw std::invalid_argument("parallel_chunks: chunk must be > 0, got 0");
    if (ceil_div(n, chunk) <= kInlineChunks) {  // the same chunks, in order, on the caller
        for (std::size_t begin = 0; begin < n; begin += chunk) body(begin, std::min(n, begin + chunk));
        return;
    }
    parallel_for(ceil_div(n, chunk), [&](std::size_t task) {
        const std::size_t begin = task * chunk;
        body(begin, std::min(n, begin + chunk));
    });
}

}  // namespace neurona
