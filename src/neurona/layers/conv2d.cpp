#include "neurona/layers/conv2d.hpp"

#include <algorithm>
#include <stdexcept>

#include "neurona/layers/linear.hpp"
#include "neurona/matmul.hpp"
#include "neurona/random.hpp"

namespace neurona {

namespace {

std::string size_text(Size2D s) { return "(" + std::to_string(s.height) + ", " + std::to_string(s.width) + ")"; }

const ActivationFunction& conv2d_activation(const std::string& name) {
    try {
        return get_activation(name);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("Conv2D: ") + e.what());
    }
}

// softmax couples the filters of one pixel; every other activation works value by value.
bool is_softmax(const ActivationFunction& g) { return g.name == "softmax"; }

// M's storage seen as (rows, cols) when it holds rows * cols values (no copy, no allocation),
// else a new matrix: forward's Z reuses the last step's buffer this way.
Matrix storage_as(Matrix& M, std::size_t rows, std::size_t cols) {
    if (M.size() == rows * cols) return std::move(M).reshape(rows, cols);
    return Matrix(rows, cols);
}

// Calls visit(row, col, offset, length) for every run of sample n's im2col entries: `row` is
// the output pixel's row of cols (n * P + i * W_out + j) and [col, col + length) a run of its
// columns for kernel row di. A window row that lies in the image reads one contiguous run of
// the input, kw * C_in values at most (kernel columns dj, each C_in channels): `offset` is
// where it starts inside sample n. The parts of the window in the padding are runs of zeros,
// given with offset -1. im2col and col2im both walk these runs, so the one is the transpose
// of the other by construction.
template <class Visit>
void for_each_window_run(const WindowGeometry& g, std::size_t n, Visit visit) {
    const std::size_t P = g.out_height * g.out_width, C = g.channels, kw = g.kernel.width;
    const long H = static_cast<long>(g.in_height), W = static_cast<long>(g.in_width);
    for (std::size_t i = 0; i < g.out_height; ++i)
        for (std::size_t j = 0; j < g.out_width; ++j) {
            const std::size_t row = n * P + i * g.out_width + j;
            // Kernel column dj reads input column s0 + dj, inside when 0 <= s0 + dj < W:
            // the kernel columns [lo, hi) = [-s0, W - s0) within [0, kw).
            const long s0 = g.input_col(j, 0);
            const std::size_t lo = static_cast<std::size_t>(std::clamp(-s0, 0L, static_cast<long>(kw)));
            const std::size_t hi = static_cast<std::size_t>(std::clamp(W - s0, static_cast<long>(lo), static_cast<long>(kw)));
            for (std::size_t di = 0; di < g.kernel.height; ++di) {
                const std::size_t col = di * kw * C;
                const long r = g.input_row(i, di);
                if (r < 0 || r >= H || lo == hi) {  // the whole window row is padding
                    visit(row, col, -1L, kw * C);
                    continue;
                }
                if (lo > 0) visit(row, col, -1L, lo * C);
                visit(row, col + lo * C, (r * W + s0 + static_cast<long>(lo)) * static_cast<long>(C), (hi - lo) * C);
                if (hi < kw) visit(row, col + hi * C, -1L, (kw - hi) * C);
            }
        }
}

// cols (N * P, K) from X (N, H * W * C_in): row n * P + p holds output pixel p's window,
// kernel position after kernel position, C_in channels each (W's row order); zeros where
// the window lies in the padding. One task per sample: each writes its own P rows.
void im2col(const Matrix& X, const WindowGeometry& g, Matrix& cols) {
    const std::size_t N = X.rows(), P = g.out_height * g.out_width;
    const std::size_t K = g.kernel.height * g.kernel.width * g.channels;
    if (cols.rows() != N * P || cols.cols() != K) cols = Matrix(N * P, K);
    parallel_for(N, [&](std::size_t n) {
        const Scalar* x = X.row_ptr(n);
        for_each_window_run(g, n, [&](std::size_t row, std::size_t col, long offset, std::size_t length) {
            Scalar* dst = cols.row_ptr(row) + col;
            if (offset < 0)
                std::fill(dst, dst + length, Scalar(0));
            else
                std::copy(x + offset, x + offset + static_cast<long>(length), dst);
        });
    });
}

// The transpose of im2col: dX (N, H * W * C_in) where each input value is the sum of the
// dcols entries im2col copied it to (entries of the padding are dropped). One task per
// sample, whose sums run in the same order for any thread count.
Matrix col2im(const Matrix& dcols, const WindowGeometry& g, std::size_t N) {
    Matrix dX(N, g.input_size());
    parallel_for(N, [&](std::size_t n) {
        Scalar* dx = dX.row_ptr(n);
        for_each_window_run(g, n, [&](std::size_t row, std::size_t col, long offset, std::size_t length) {
            if (offset < 0) return;
            const Scalar* src = dcols.row_ptr(row) + col;
            Scalar* dst = dx + offset;
            for (std::size_t k = 0; k < length; ++k) dst[k] += src[k];
        });
    });
    return dX;
}

}  // namespace

Conv2D::Conv2D(std::size_t filters, Size2D kernel_size, Conv2DOptions options)
    : filters_(filters),
      kernel_size_(kernel_size),
      strides_(options.strides),
      padding_(parse_padding(options.padding, "Conv2D")),
      activation_(&conv2d_activation(options.activation)) {
    if (filters == 0) throw std::invalid_argument("Conv2D: filters must be > 0, got 0");
    if (kernel_size.height == 0 || kernel_size.width == 0)
        throw std::invalid_argument("Conv2D: kernel_size must be at least (1, 1), got " + size_text(kernel_size));
    if (strides_.height == 0 || strides_.width == 0)
        throw std::invalid_argument("Conv2D: strides must be at least (1, 1), got " + size_text(strides_));
}

Conv2D::Conv2D(std::size_t filters, Size2D kernel_size, Conv2DOptions options, InputShape input_shape)
    : Conv2D(filters, kernel_size, std::move(options)) {
    declared_input_shape_ = std::move(input_shape.dims);
}

std::unique_ptr<Layer> Conv2D::from_config(const LayerConfig& config) {
    const std::size_t filters = config.count("filters");
    const Size2D kernel_size = size2d_from_setting(config.shape("kernel_size"), "kernel_size");
    Conv2DOptions options;
    if (config.has("strides")) options.strides = size2d_from_setting(config.shape("strides"), "strides");
    options.padding = config.text("padding", "valid");
    options.activation = config.text("activation", "linear");
    return std::make_unique<Conv2D>(filters, kernel_size, options);
}

LayerConfig Conv2D::settings() const {
    LayerConfig config;
    config.set("filters", filters_);
    config.set("kernel_size", size2d_setting(kernel_size_));
    config.set("strides", size2d_setting(strides_));
    config.set("padding", std::string(padding_name(padding_)));
    config.set("activation", activation_->name);
    return config;
}

std::string Conv2D::who() const { return name_.empty() ? type() : label(); }

Shape Conv2D::compute_output_shape(const Shape& input_shape) const {
    const WindowGeometry g = window_geometry(input_shape, kernel_size_, strides_, padding_, who());
    return {g.out_height, g.out_width, filters_};
}

std::size_t Conv2D::count_params(const Shape& input_shape) const {
    compute_output_shape(input_shape);  // checks it
    return weight_count({{kernel_size_.height, kernel_size_.width, input_shape[2], filters_}, {1, filters_}});
}

Shape Conv2D::build(const Shape& input_shape) {
    const Shape output_shape = compute_output_shape(input_shape);
    geometry_ = window_geometry(input_shape, kernel_size_, strides_, padding_, who());
    const std::size_t window = kernel_size_.height * kernel_size_.width;
    const std::size_t K = window * geometry_.channels;
    // glorot_uniform with Keras's fans for a convolution: each output value reads
    // fan_in = kh * kw * C_in inputs, and each input feeds fan_out = kh * kw * filters.
    W_ = global_rng().glorot_uniform(K, filters_, K, window * filters_);
    b_ = Matrix(1, filters_);
    dW_ = Matrix(K, filters_);
    db_ = Matrix(1, filters_);
    mark_built(input_shape, output_shape);
    return output_shape_;
}

const ActivationFunction* Conv2D::output_activation() const {
    return is_softmax(*activation_) ? nullptr : activation_;
}

Matrix Conv2D::forward_pass(const Matrix& A_prev, bool /*training*/) {
    const std::size_t N = A_prev.rows(), P = geometry_.out_height * geometry_.out_width;
    im2col(A_prev, geometry_, cols_);                   // cols (N * P, K)
    Matrix Z = storage_as(Z_, N * P, filters_);
    linear_forward(cols_, W_, b_, Z);                   // Z = cols . W + b   (N * P, filters)
    Matrix A = activation_->forward(Z);                 // A = g(Z), pixel by pixel
    Z_ = std::move(Z).reshape(N, P * filters_);         // the same values as (N, P * filters)
    A = std::move(A).reshape(N, P * filters_);
    if (activation_->backward_reads_A()) A_ = A;        // its backward needs A; g' of the others only Z
    return A;
}

Matrix Conv2D::backward_pass(const Matrix& dA, bool need_dA_prev) {
    // In the forward pass: Z = cols . W + b and A = g(Z). So, by the chain rule:
    const std::size_t pixel_rows = Z_.size() / filters_;
    if (is_softmax(*activation_)) {  // dZ = its Jacobian per pixel: the rows must be pixels
        const Matrix dZ = activation_->backward(Z_.reshape(pixel_rows, filters_), A_.reshape(pixel_rows, filters_),
                                                dA.reshape(pixel_rows, filters_));
        return backward_pixels(dZ, need_dA_prev);
    }
    activation_->compute_dZ(Z_, Matrix(), dA, dZ_);  // dZ = dA * g'(Z), value by value (A unused)
    Matrix dZ = std::move(dZ_).reshape(pixel_rows, filters_);  // the same storage, one pixel a row
    Matrix dA_prev = backward_pixels(dZ, need_dA_prev);
    dZ_ = std::move(dZ).reshape(Z_.rows(), Z_.cols());  // kept for the next step
    return dA_prev;
}

Matrix Conv2D::backward_from_logits_pass(const Matrix& dZ, bool need_dA_prev) {
    return backward_pixels(dZ.reshape(dZ.size() / filters_, filters_), need_dA_prev);
}

Matrix Conv2D::backward_pixels(const Matrix& dZ, bool need_dA_prev) {
    // dW = cols^T . dZ (K, filters), db = sum of dZ's rows (1, filters), and, when needed,
    // dcols = dZ . W^T (N * P, K): the dense step's gradients, with cols as its A_prev.
    linear_backward(dZ, cols_, W_, dW_, db_, need_dA_prev ? &dcols_ : nullptr);
    if (!need_dA_prev) return Matrix();
    const std::size_t N = dZ.rows() / (geometry_.out_height * geometry_.out_width);
    return col2im(dcols_, geometry_, N);  // dA_prev (N, H * W * C_in)
}

void Conv2D::set_weights(const std::vector<Matrix>& weights) {
    if (!built_)
        throw std::invalid_argument(who() + ": set_weights before build: W's shape (kh * kw * C_in, filters) "
                                    "depends on the input's channels; build the layer (or add it to a "
                                    "model with an input shape) first");
    if (weights.size() != 2)
        throw std::invalid_argument(who() + ": set_weights expects 2 matrices {W, b}, got " +
                                    std::to_string(weights.size()));
    if (!weights[0].same_shape(W_)) throw_shape_error(who() + ": set_weights W", weights[0], W_);
    if (!weights[1].same_shape(b_)) throw_shape_error(who() + ": set_weights b", weights[1], b_);
    W_ = weights[0];
    b_ = weights[1];
}

Matrix conv2d_naive(const Matrix& X, const WindowGeometry& g, const Matrix& W, const Matrix& b) {
    const std::size_t C = g.channels, F = W.cols();
    if (X.cols() != g.input_size() || W.rows() != g.kernel.height * g.kernel.width * C || b.rows() != 1 ||
        b.cols() != F)
        throw std::invalid_argument("conv2d_naive: X " + X.shape() + ", W " + W.shape() + " and b " + b.shape() +
                                    " do not fit the geometry: expected X (N, " + std::to_string(g.input_size()) +
                                    "), W (" + std::to_string(g.kernel.height * g.kernel.width * C) +
                                    ", filters) and b (1, filters)");
    const std::size_t P = g.out_height * g.out_width;
    Matrix Z(X.rows(), P * F);
    for (std::size_t n = 0; n < X.rows(); ++n)
        for (std::size_t i = 0; i < g.out_height; ++i)
            for (std::size_t j = 0; j < g.out_width; ++j)
                for (std::size_t f = 0; f < F; ++f) {
                    Scalar z = 0;
                    for (std::size_t di = 0; di < g.kernel.height; ++di)
                        for (std::size_t dj = 0; dj < g.kernel.width; ++dj)
                            for (std::size_t c = 0; c < C; ++c) {
                                const long r = g.input_row(i, di), s = g.input_col(j, dj);
                                if (r < 0 || r >= static_cast<long>(g.in_height) || s < 0 ||
                                    s >= static_cast<long>(g.in_width))
                                    continue;  // the padding's zeros add nothing
                                z += X(n, (static_cast<std::size_t>(r) * g.in_width + static_cast<std::size_t>(s)) * C + c) *
                                     W((di * g.kernel.width + dj) * C + c, f);
                            }
                    Z(n, (i * g.out_width + j) * F + f) = z + b(0, f);
                }
    return Z;
}

}  // namespace neurona
