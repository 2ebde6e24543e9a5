/// @file window.hpp
/// The geometry Conv2D and the pooling layers share: a window of kernel_size slides over an
/// image of (height, width, channels) in steps of `strides`, with Keras's (TensorFlow's)
/// padding "valid" or "same".
///
/// Images are channels-last, as Keras's default: one sample is (H, W, C) stored row-major in
/// one row of the batch Matrix, so pixel (i, j), channel c of sample n is
///     X(n, (i * W + j) * C + c).
///
/// "valid": no padding; the window stays inside the image,
///     out = floor((in - k) / s) + 1            (in >= k, else an error)
/// "same": out = ceil(in / s), and the image is padded by
///     pad = max((out - 1) * s + k - in, 0)
/// zeros in all, pad / 2 before (top, left) and the rest after (bottom, right), as TensorFlow.
#pragma once

#include <cstddef>
#include <string>

#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's 2-tuples (kernel_size, pool_size, strides): Size2D{3, 3}, or Size2D{3} for (3, 3).
struct Size2D {
    std::size_t height;  ///< Rows.
    std::size_t width;   ///< Columns.
    /// (n, n), as Keras's kernel_size=3.
    Size2D(std::size_t n) : height(n), width(n) {}  // NOLINT: implicit on purpose, like Keras's int
    /// (height, width).
    Size2D(std::size_t h, std::size_t w) : height(h), width(w) {}
    /// Both axes equal.
    bool operator==(const Size2D&) const = default;
};

/// Keras's padding argument.
enum class Padding {
    valid,  ///< No padding: the output shrinks by k - 1 (stride 1).
    same,   ///< Zero padding so that out = ceil(in / stride).
};

/// "valid" or "same". Throws std::invalid_argument naming `layer`, the text and both choices.
Padding parse_padding(const std::string& text, const std::string& layer);
/// "valid" or "same".
const char* padding_name(Padding padding);

/// Where a window of `kernel` with `strides` and `padding` lands on an (H, W, C) image.
struct WindowGeometry {
    std::size_t in_height = 0;          ///< The input image's rows, H.
    std::size_t in_width = 0;           ///< The input image's columns, W.
    std::size_t channels = 0;           ///< The input image's channels, C.
    Size2D kernel{1};                   ///< The window, (kh, kw).
    Size2D strides{1};                  ///< The step, (sh, sw).
    Padding padding = Padding::valid;   ///< How the borders are treated.
    std::size_t out_height = 0;         ///< Window positions down, H_out.
    std::size_t out_width = 0;          ///< Window positions across, W_out.
    std::size_t pad_top = 0;            ///< Zeros above row 0.
    std::size_t pad_left = 0;           ///< Zeros left of column 0.

    /// The input row of window row `i` (0 <= i < out_height), kernel row `di`, as a signed
    /// number: negative or >= in_height means it falls in the padding.
    long input_row(std::size_t i, std::size_t di) const {
        return static_cast<long>(i * strides.height + di) - static_cast<long>(pad_top);
    }
    /// The same for columns.
    long input_col(std::size_t j, std::size_t dj) const {
        return static_cast<long>(j * strides.width + dj) - static_cast<long>(pad_left);
    }
    /// H * W * C: one sample's values in the input.
    std::size_t input_size() const { return in_height * in_width * channels; }
};

/// The geometry of `kernel` with `strides` and `padding` over inputs of `input_shape`, which
/// must be (H, W, C). Throws std::invalid_argument naming `layer` and the shape for an input
/// that is not 3-D (suggesting Reshape for (784) or (28, 28)), a zero axis, a zero kernel size
/// or stride, or with "valid" a kernel larger than the image.
WindowGeometry window_geometry(const Shape& input_shape, Size2D kernel, Size2D strides, Padding padding,
                               const std::string& layer);

/// "3,3": a Size2D as a LayerConfig writes a shape.
std::vector<std::size_t> size2d_setting(Size2D size);
/// A Size2D from a setting of two counts ("3,3"). Throws std::invalid_argument naming `key`
/// when it has another number of axes.
Size2D size2d_from_setting(const std::vector<std::size_t>& axes, const std::string& key);

}  // namespace neurona
