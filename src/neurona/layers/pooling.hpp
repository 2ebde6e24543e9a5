/// @file pooling.hpp
/// MaxPooling2D and AveragePooling2D: a pool_size window slides over channels-last images
/// (N, H, W, C) and keeps, per channel, the largest value or the mean of what it covers.
///
/// Both share Pooling2D: the settings (pool_size, strides, padding), the output shape and the
/// walk over the windows; each adds only its own forward and backward. The geometry (output
/// size, "same" padding as TensorFlow) is window.hpp's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurona/layers/layer.hpp"
#include "neurona/layers/window.hpp"

namespace neurona {

/// Keras's pooling arguments after pool_size: MaxPooling2D({2, 2}, {.strides = 1, .padding = "same"})
/// for Keras's MaxPooling2D((2, 2), strides=1, padding="same"). Without strides the window
/// moves by pool_size (Keras's strides=None).
struct Pool2DOptions {
    std::optional<Size2D> strides{};  ///< The step; pool_size when not given.
    std::string padding = "valid";    ///< "valid" (no padding) or "same" (out = ceil(in / stride)).
};

/// What MaxPooling2D and AveragePooling2D share: pool_size, strides and padding, the output
/// shape (H_out, W_out, C) and the settings line `pool_size=2,2 strides=2,2 padding=valid`.
/// No weights. Input (H, W, C), stored as one row per sample, pixel (i, j), channel c at
/// column (i * W + j) * C + c; output (H_out, W_out, C) the same way.
class Pooling2D : public Layer {
public:
    /// The window, (height, width).
    Size2D pool_size() const { return pool_size_; }
    /// The step, (height, width): pool_size unless given.
    Size2D strides() const { return strides_; }
    /// valid or same.
    Padding padding() const { return padding_; }

    /// (H_out, W_out, C) for an input (H, W, C). Throws std::invalid_argument naming the layer
    /// for an input that is not 3-D, has a zero axis, is smaller than the window (with
    /// "valid"), or holds 2^32 values or more per sample.
    Shape compute_output_shape(const Shape& input_shape) const override;
    /// Checks the input as compute_output_shape and keeps its geometry for the passes.
    Shape build(const Shape& input_shape) override;

protected:
    /// Checks the settings: pool_size and strides at least 1 on each axis, padding "valid" or
    /// "same"; throws std::invalid_argument naming `type` and the value otherwise.
    Pooling2D(const std::string& type, Size2D pool_size, const Pool2DOptions& options);

    /// pool_size, strides, padding (strides always written, so the line is explicit).
    LayerConfig settings() const override;
    /// The constructor's arguments from a model file's settings: pool_size (required),
    /// strides (pool_size when absent, as Keras), padding ("valid" when absent).
    static std::pair<Size2D, Pool2DOptions> arguments_from_config(const LayerConfig& config);

    WindowGeometry geometry_;  ///< The built input's geometry (set by build()).

private:
    // window_geometry() for this layer's settings, with the size limit above.
    WindowGeometry geometry_for(const Shape& input_shape) const;

    Size2D pool_size_;
    Size2D strides_;
    Padding padding_;
};

/// Keras's MaxPooling2D(pool_size=(2, 2), strides=None, padding="valid"):
///     A(n, i, j, c) = max over the window (i, j) of A_prev(n, ., ., c).
/// With "same", padded positions never win (as -infinity). The gradient goes to the one
/// input the max came from: the first in row-major window order on a tie, as TensorFlow's
/// MaxPoolGrad.
class MaxPooling2D : public Pooling2D {
public:
    /// pool_size at least 1 on each axis; options.strides (default pool_size) as well;
    /// options.padding "valid" or "same". Throws std::invalid_argument otherwise.
    explicit MaxPooling2D(Size2D pool_size = 2, Pool2DOptions options = {});

    std::string type() const override { return "MaxPooling2D"; }
    /// Keras's from_config: pool_size, strides, padding.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);

protected:
    /// A_prev (batch, H * W * C) -> A (batch, H_out * W_out * C):
    ///     A(n, i, j, c) = A_prev(n, argmax(n, i, j, c))
    /// where argmax is the column of A_prev's row n the window's max came from; kept for backward.
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// dA (batch, H_out * W_out * C) -> dA_prev (batch, H * W * C): zero everywhere except
    ///     dA_prev(n, argmax(n, k)) += dA(n, k)
    /// summed (+=) where overlapping windows (strides < pool_size) chose the same input.
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;

private:
    // (batch * H_out * W_out * C): the winner's column in A_prev. 32 bits, half the memory
    // traffic of size_t; build() refuses inputs of 2^32 values or more per sample.
    std::vector<std::uint32_t> argmax_;
};

/// Keras's AveragePooling2D(pool_size=(2, 2), strides=None, padding="valid"):
///     A(n, i, j, c) = sum over the window (i, j) of A_prev(n, ., ., c) / count(i, j)
/// where count is the number of real pixels in the window: pool_size's area, or fewer at a
/// "same"-padded border (the padding is not averaged in, as TensorFlow).
class AveragePooling2D : public Pooling2D {
public:
    /// As MaxPooling2D's.
    explicit AveragePooling2D(Size2D pool_size = 2, Pool2DOptions options = {});

    std::string type() const override { return "AveragePooling2D"; }
    /// Keras's from_config: pool_size, strides, padding.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);

protected:
    /// A_prev (batch, H * W * C) -> A (batch, H_out * W_out * C), the mean of each window.
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// dA (batch, H_out * W_out * C) -> dA_prev (batch, H * W * C): each window's
    /// dA / count spread over its real pixels, summed where windows overlap.
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;
};

}  // namespace neurona
