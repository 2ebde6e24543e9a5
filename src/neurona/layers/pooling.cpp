#include "neurona/layers/pooling.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "neurona/matmul.hpp"

namespace neurona {

namespace {

// "(2, 3)".
std::string size_text(Size2D size) {
    std::string text = "(";  // built in steps: "(" + std::string trips a false GCC 12 -Wrestrict warning
    text += std::to_string(size.height) + ", " + std::to_string(size.width) + ")";
    return text;
}

// The real (not padded) part of one window: input rows [row_begin, row_end), columns
// [col_begin, col_end). Never empty: TensorFlow's "same" pads less than a window before
// the image, and the last window starts inside it.
struct Span {
    std::size_t row_begin, row_end, col_begin, col_end;
    // How many real pixels the window covers: the divisor of the average.
    std::size_t count() const { return (row_end - row_begin) * (col_end - col_begin); }
};

// Calls visit(span, out) for each window (i, j) of one sample, in row-major order, where
// out = (i * W_out + j) * C is the column of the window's channel 0 in A (and dA). A padded
// row or column is left out of the span: it is -infinity for max and not counted by average.
template <class Visit>
void for_each_window(const WindowGeometry& g, Visit visit) {
    auto clip = [](long first, std::size_t k, std::size_t size, std::size_t& begin, std::size_t& end) {
        const long last = first + static_cast<long>(k);  // one past the window's last row or column
        begin = static_cast<std::size_t>(std::max(first, 0L));
        end = static_cast<std::size_t>(std::min(last, static_cast<long>(size)));
    };
    Span s{};
    for (std::size_t i = 0; i < g.out_height; ++i) {
        clip(g.input_row(i, 0), g.kernel.height, g.in_height, s.row_begin, s.row_end);
        for (std::size_t j = 0; j < g.out_width; ++j) {
            clip(g.input_col(j, 0), g.kernel.width, g.in_width, s.col_begin, s.col_end);
            visit(s, (i * g.out_width + j) * g.channels);
        }
    }
}

// Calls visit(n) for every sample n < N, of `in` input values each, split over the pool in
// chunks of samples (chunk_of_items): every sample reads and writes its own rows only, so
// the split changes nothing in the result.
template <class Visit>
void for_each_sample(std::size_t N, std::size_t in, Visit visit) {
    parallel_chunks(N, chunk_of_items(in), [&](std::size_t begin, std::size_t end) {
        for (std::size_t n = begin; n < end; ++n) visit(n);
    });
}

}  // namespace

// ---- Pooling2D: settings and shapes ---------------------------------------------------------

Pooling2D::Pooling2D(const std::string& type, Size2D pool_size, const Pool2DOptions& options)
    : pool_size_(pool_size), strides_(options.strides.value_or(pool_size)),
      padding_(parse_padding(options.padding, type)) {
    if (pool_size_.height == 0 || pool_size_.width == 0)
        throw std::invalid_argument(type + ": pool_size must be at least 1 on each axis, got " + size_text(pool_size_));
    if (strides_.height == 0 || strides_.width == 0)
        throw std::invalid_argument(type + ": strides must be at least 1 on each axis, got " + size_text(strides_));
}

std::pair<Size2D, Pool2DOptions> Pooling2D::arguments_from_config(const LayerConfig& config) {
    const Size2D pool_size = size2d_from_setting(config.shape("pool_size"), "pool_size");
    Pool2DOptions options;
    if (config.has("strides")) options.strides = size2d_from_setting(config.shape("strides"), "strides");
    options.padding = config.text("padding", "valid");
    return {pool_size, options};
}

LayerConfig Pooling2D::settings() const {
    LayerConfig config;
    config.set("pool_size", size2d_setting(pool_size_));
    config.set("strides", size2d_setting(strides_));
    config.set("padding", std::string(padding_name(padding_)));
    return config;
}

WindowGeometry Pooling2D::geometry_for(const Shape& input_shape) const {
    WindowGeometry g = window_geometry(input_shape, pool_size_, strides_, padding_, label());
    if (g.input_size() > std::numeric_limits<std::uint32_t>::max())
        throw std::invalid_argument(label() + ": an image of " + batch_shape_string(input_shape) +
                                    " has 2^32 values or more; at most 4294967295 per sample");
    return g;
}

Shape Pooling2D::compute_output_shape(const Shape& input_shape) const {
    const WindowGeometry g = geometry_for(input_shape);
    return {g.out_height, g.out_width, g.channels};
}

Shape Pooling2D::build(const Shape& input_shape) {
    geometry_ = geometry_for(input_shape);
    mark_built(input_shape, {geometry_.out_height, geometry_.out_width, geometry_.channels});
    return output_shape_;
}

// ---- MaxPooling2D ---------------------------------------------------------------------------

MaxPooling2D::MaxPooling2D(Size2D pool_size, Pool2DOptions options) : Pooling2D("MaxPooling2D", pool_size, options) {}

std::unique_ptr<Layer> MaxPooling2D::from_config(const LayerConfig& config) {
    auto [pool_size, options] = arguments_from_config(config);
    return std::make_unique<MaxPooling2D>(pool_size, options);
}

// A_prev (batch, H * W * C) -> A (batch, H_out * W_out * C); argmax_ (batch * H_out * W_out * C).
//     A(n, i, j, c) = max over the window's real pixels (r, q) of A_prev(n, r, q, c)
//     argmax(n, i, j, c) = the column (r * W + q) * C + c of that max in A_prev's row n,
// the first one in row-major window order on a tie: only a strictly larger value replaces it.
Matrix MaxPooling2D::forward_pass(const Matrix& A_prev, bool /*training*/) {
    const WindowGeometry& g = geometry_;
    const std::size_t C = g.channels, in = A_prev.cols(), out = g.out_height * g.out_width * C;
    Matrix A(A_prev.rows(), out);
    argmax_.resize(A_prev.rows() * out);
    for_each_sample(A_prev.rows(), in, [&](std::size_t n) {
        const Scalar* x = A_prev.data() + n * in;
        Scalar* a = A.data() + n * out;
        std::uint32_t* arg = argmax_.data() + n * out;
        for_each_window(g, [&](const Span& s, std::size_t o) {
            Scalar* best = a + o;
            std::uint32_t* best_at = arg + o;
            // Start from the window's first real pixel, then compare the others with it.
            const std::size_t first = (s.row_begin * g.in_width + s.col_begin) * C;
            for (std::size_t c = 0; c < C; ++c) {
                best[c] = x[first + c];
                best_at[c] = static_cast<std::uint32_t>(first + c);
            }
            for (std::size_t r = s.row_begin; r < s.row_end; ++r)
                for (std::size_t q = s.col_begin; q < s.col_end; ++q) {
                    const std::size_t p = (r * g.in_width + q) * C;
                    if (p == first) continue;
                    const Scalar* pixel = x + p;
                    for (std::size_t c = 0; c < C; ++c) {
                        // Written without a branch, so that the channels are compared in SIMD.
                        const bool larger = pixel[c] > best[c];
                        best[c] = larger ? pixel[c] : best[c];
                        best_at[c] = larger ? static_cast<std::uint32_t>(p + c) : best_at[c];
                    }
                }
        });
    });
    return A;
}

// dA (batch, H_out * W_out * C) -> dA_prev (batch, H * W * C).
// In the forward pass A(n, k) = A_prev(n, argmax(n, k)), so only that input moves A(n, k):
//     dA_prev(n, argmax(n, k)) += dA(n, k)      (zero for every input that won no window)
// An input that wins several overlapping windows (strides < pool_size) sums their dA.
Matrix MaxPooling2D::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) {
    const std::size_t in = geometry_.input_size(), out = dA.cols();
    Matrix dA_prev(dA.rows(), in, 0);
    for_each_sample(dA.rows(), in, [&](std::size_t n) {
        const Scalar* da = dA.data() + n * out;
        const std::uint32_t* arg = argmax_.data() + n * out;
        Scalar* dx = dA_prev.data() + n * in;
        for (std::size_t k = 0; k < out; ++k) dx[arg[k]] += da[k];
    });
    return dA_prev;
}

// ---- AveragePooling2D -----------------------------------------------------------------------

AveragePooling2D::AveragePooling2D(Size2D pool_size, Pool2DOptions options)
    : Pooling2D("AveragePooling2D", pool_size, options) {}

std::unique_ptr<Layer> AveragePooling2D::from_config(const LayerConfig& config) {
    auto [pool_size, options] = arguments_from_config(config);
    return std::make_unique<AveragePooling2D>(pool_size, options);
}

// A_prev (batch, H * W * C) -> A (batch, H_out * W_out * C).
//     A(n, i, j, c) = sum over the window's real pixels (r, q) of A_prev(n, r, q, c) / count(i, j)
// count(i, j): the real pixels in the window (a "same" border's padding is not averaged in).
Matrix AveragePooling2D::forward_pass(const Matrix& A_prev, bool /*training*/) {
    const WindowGeometry& g = geometry_;
    const std::size_t C = g.channels, in = A_prev.cols(), out = g.out_height * g.out_width * C;
    Matrix A(A_prev.rows(), out, 0);
    for_each_sample(A_prev.rows(), in, [&](std::size_t n) {
        const Scalar* x = A_prev.data() + n * in;
        Scalar* a = A.data() + n * out;
        for_each_window(g, [&](const Span& s, std::size_t o) {
            for (std::size_t r = s.row_begin; r < s.row_end; ++r)
                for (std::size_t q = s.col_begin; q < s.col_end; ++q) {
                    const std::size_t p = (r * g.in_width + q) * C;
                    for (std::size_t c = 0; c < C; ++c) a[o + c] += x[p + c];
                }
            const Scalar count = static_cast<Scalar>(s.count());
            for (std::size_t c = 0; c < C; ++c) a[o + c] /= count;
        });
    });
    return A;
}

// dA (batch, H_out * W_out * C) -> dA_prev (batch, H * W * C).
// In the forward pass every real pixel of the window added A_prev / count to A, so
//     dA_prev(n, r, q, c) += dA(n, i, j, c) / count(i, j)   for each window (i, j) covering (r, q)
Matrix AveragePooling2D::backward_pass(const Matrix& dA, bool /*need_dA_prev: always, no weights*/) {
    const WindowGeometry& g = geometry_;
    const std::size_t C = g.channels, in = g.input_size(), out = dA.cols();
    Matrix dA_prev(dA.rows(), in, 0);
    for_each_sample(dA.rows(), in, [&](std::size_t n) {
        const Scalar* da = dA.data() + n * out;
        Scalar* dx = dA_prev.data() + n * in;
        for_each_window(g, [&](const Span& s, std::size_t o) {
            const Scalar count = static_cast<Scalar>(s.count());
            for (std::size_t r = s.row_begin; r < s.row_end; ++r)
                for (std::size_t q = s.col_begin; q < s.col_end; ++q) {
                    const std::size_t p = (r * g.in_width + q) * C;
                    for (std::size_t c = 0; c < C; ++c) dx[p + c] += da[o + c] / count;
                }
        });
    });
    return dA_prev;
}

}  // namespace neurona
