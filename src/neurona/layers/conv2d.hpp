/// @file conv2d.hpp
/// Conv2D: Keras's 2-D convolution over channels-last images, computed as one matrix product
/// (im2col): every output pixel's window becomes a row of `cols`, and Z = cols . W + b.
#pragma once

#include <concepts>
#include <memory>
#include <string>
#include <utility>

#include "neurona/activations.hpp"
#include "neurona/layers/layer.hpp"
#include "neurona/layers/window.hpp"

namespace neurona {

/// Conv2D's settings beyond filters and kernel_size, with Keras's defaults.
struct Conv2DOptions {
    Size2D strides{1};                 ///< The window's step, (sh, sw); Keras's strides=(1, 1).
    std::string padding = "valid";     ///< "valid" (no padding) or "same" (out = ceil(in / stride)).
    std::string activation = "linear"; ///< Any name of get_activation; "" or "linear" is none.
};

/// Keras's Conv2D(filters, kernel_size, strides, padding, activation) for images of shape
/// (H, W, C_in), stored channels-last, one sample per row of the batch Matrix (window.hpp).
/// The output is (H_out, W_out, filters), channels-last too; window.hpp gives H_out and W_out.
///
/// The kernel W is a Matrix (kh * kw * C_in, filters): Keras's 4-D kernel (kh, kw, C_in,
/// filters) flattened row-major, so that W((di * kw + dj) * C_in + c, f) is Keras's
/// kernel[di, dj, c, f] and Keras's `kernel.reshape(-1, filters)` is exactly our W. The bias b
/// is (1, filters); get_weights() is {W, b}, as Keras's. glorot_uniform kernel with Keras's
/// fans, fan_in = kh * kw * C_in and fan_out = kh * kw * filters; zero bias.
///
/// The activation is applied to each pixel's filters, as Keras's: softmax normalises over the
/// filters of one pixel, not over the whole image.
class Conv2D : public Layer {
public:
    /// Conv2D(32, {3, 3}, "relu"): `filters` output channels, a window of `kernel_size`,
    /// stride 1, padding "valid". Throws std::invalid_argument naming Conv2D for 0 filters, a
    /// zero kernel size or an unknown activation (listing the known ones).
    /// (A template on the name's type, so that braces, Conv2D(32, {3, 3}, {.padding = "same"}),
    /// can only mean Conv2DOptions: a braced list never deduces a template's type.)
    template <class Name>
        requires std::convertible_to<const Name&, std::string>
    Conv2D(std::size_t filters, Size2D kernel_size, const Name& activation)
        : Conv2D(filters, kernel_size, Conv2DOptions{.activation = std::string(activation)}) {}
    /// Conv2D(32, {3, 3}): a linear convolution, stride 1, padding "valid".
    Conv2D(std::size_t filters, Size2D kernel_size) : Conv2D(filters, kernel_size, Conv2DOptions{}) {}
    /// The same as the model's first layer: Conv2D(32, {3, 3}, "relu", InputShape{28, 28, 1}).
    template <class Name>
        requires std::convertible_to<const Name&, std::string>
    Conv2D(std::size_t filters, Size2D kernel_size, const Name& activation, InputShape input_shape)
        : Conv2D(filters, kernel_size, Conv2DOptions{.activation = std::string(activation)}, std::move(input_shape)) {}
    /// With strides and padding: Conv2D(32, {3, 3}, {.strides = {2, 2}, .padding = "same",
    /// .activation = "relu"}). Throws as above, and for a zero stride or a padding other than
    /// "valid" and "same".
    Conv2D(std::size_t filters, Size2D kernel_size, Conv2DOptions options);
    /// The same as the model's first layer.
    Conv2D(std::size_t filters, Size2D kernel_size, Conv2DOptions options, InputShape input_shape);

    std::string type() const override { return "Conv2D"; }
    /// Keras's from_config: filters and kernel_size (required), strides (default 1,1),
    /// padding (default valid), activation (default linear). Throws std::invalid_argument as
    /// the constructors, or naming a missing or malformed setting.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// (H_out, W_out, filters) for an input (H, W, C_in). Throws std::invalid_argument naming
    /// the layer and the shape for an input that is not 3-D (suggesting Reshape), or, with
    /// "valid", a window larger than the image.
    Shape compute_output_shape(const Shape& input_shape) const override;
    /// kh * kw * C_in * filters + filters: W and b.
    std::size_t count_params(const Shape& input_shape) const override;
    /// Creates W (kh * kw * C_in, filters) with glorot_uniform, U(-l, l) with
    /// l = sqrt(6 / (fan_in + fan_out)), drawn from global_rng(), and b (1, filters) = 0.
    /// Throws as compute_output_shape.
    Shape build(const Shape& input_shape) override;
    /// g, the activation applied to Z; nullptr for softmax, whose per-pixel distributions a
    /// loss on (batch, outputs) rows cannot fuse with (the model then goes through g').
    const ActivationFunction* output_activation() const override;

    std::vector<Param> params() override { return {{"W", &W_, &dW_}, {"b", &b_, &db_}}; }
    /// {W, b}, as Keras's layer.get_weights() (W as described in the class comment).
    std::vector<Matrix> get_weights() const override { return {W_, b_}; }
    /// Replaces W and b. Throws std::invalid_argument naming the layer before build (W's
    /// shape depends on the input's channels) and on a count or shape mismatch.
    void set_weights(const std::vector<Matrix>& weights) override;
    /// kh * kw * C_in * filters + filters.
    std::size_t trainable_count() const override { return W_.size() + b_.size(); }

    std::size_t filters() const { return filters_; }         ///< The number of output channels.
    Size2D kernel_size() const { return kernel_size_; }      ///< The window, (kh, kw).
    Size2D strides() const { return strides_; }              ///< The step, (sh, sw).
    Padding padding() const { return padding_; }             ///< valid or same.
    /// The activation's name ("linear" when none was given).
    const std::string& activation() const { return activation_->name; }
    /// Where the windows land on the built input (all zero before build).
    const WindowGeometry& geometry() const { return geometry_; }
    const Matrix& W() const { return W_; }    ///< The kernel, (kh * kw * C_in, filters); empty before build.
    const Matrix& b() const { return b_; }    ///< The bias, (1, filters); empty before build.
    const Matrix& dW() const { return dW_; }  ///< dL/dW of the last backward.
    const Matrix& db() const { return db_; }  ///< dL/db of the last backward.

protected:
    /// filters, kernel_size, strides, padding, activation: always all five.
    LayerConfig settings() const override;

    /// With P = H_out * W_out output pixels per sample and K = kh * kw * C_in:
    ///   cols = im2col(A_prev)    (N * P, K): one row per output pixel, its window's values
    ///                            in W's row order, zeros where the window is in the padding
    ///   Z = cols . W + b         (N * P, filters)
    ///   A = g(Z)                 (N * P, filters), each pixel's row on its own
    /// Row n * P + p of Z is output pixel p of sample n, so Z is, in memory, the output
    /// (N, P * filters) channels-last: Z and A are kept in that shape (a reshape, no copy).
    /// A_prev is (N, H * W * C_in). Keeps cols and Z for backward, and A only for softmax
    /// (the one activation whose backward reads A): A itself is returned, not a copy.
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// Given dA = dL/dA (N, P * filters):
    ///   dZ = dA * g'(Z)          (elementwise; softmax: its Jacobian per pixel)
    /// then backward_from_logits_pass(dZ).
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;
    /// Given dZ = dL/dZ (N, P * filters), seen as (N * P, filters):
    ///   dW = cols^T . dZ         (K, filters)
    ///   db = sum of dZ's rows    (1, filters)
    ///   dcols = dZ . W^T         (N * P, K)
    ///   dA_prev = col2im(dcols)  (N, H * W * C_in): each input value sums the dcols entries
    ///                            that im2col copied it to (padding entries are dropped)
    /// dA_prev only when need_dA_prev (the first Conv2D of a model skips col2im).
    Matrix backward_from_logits_pass(const Matrix& dZ, bool need_dA_prev) override;
    /// Z of the last forward, (N, P * filters).
    const Matrix& logits() const override { return Z_; }

private:
    // The layer's name in messages: "conv2d (Conv2D)", or "Conv2D" before it has one.
    std::string who() const;
    // backward_from_logits_pass on dZ already in pixel rows (N * P, filters).
    Matrix backward_pixels(const Matrix& dZ, bool need_dA_prev);

    std::size_t filters_;
    Size2D kernel_size_, strides_;
    Padding padding_;
    const ActivationFunction* activation_;
    WindowGeometry geometry_;  // set by build
    Matrix W_, b_, dW_, db_;
    Matrix cols_, Z_, A_;  // kept by forward for backward (A_ only with softmax)
    Matrix dZ_, dcols_;    // backward's buffers, reused between steps
};

/// The reference convolution: Z for inputs X (N, H * W * C_in) with the geometry `g` (from
/// window_geometry), kernel W (kh * kw * C_in, filters) and bias b (1, filters), as seven
/// plain loops over (sample, output row, output column, filter, kernel row, kernel column,
/// channel), one thread, no matrix product:
///     Z(n, (i * W_out + j) * F + f) = b(f) + sum over (di, dj, c) inside the image of
///         X(n, (r * W + s) * C_in + c) * W((di * kw + dj) * C_in + c, f),
///     r = g.input_row(i, di), s = g.input_col(j, dj).
/// Tests and `make bench` compare Conv2D with it. Returns Z (N, H_out * W_out * F), without
/// an activation. Throws std::invalid_argument naming the shapes when X, W or b do not fit g.
Matrix conv2d_naive(const Matrix& X, const WindowGeometry& g, const Matrix& W, const Matrix& b);

}  // namespace neurona
