#include "neurona/layers/window.hpp"

#include <stdexcept>

namespace neurona {

Padding parse_padding(const std::string& text, const std::string& layer) {
    if (text == "valid") return Padding::valid;
    if (text == "same") return Padding::same;
    throw std::invalid_argument(layer + ": padding must be \"valid\" or \"same\", got \"" + text + "\"");
}

const char* padding_name(Padding padding) { return padding == Padding::same ? "same" : "valid"; }

WindowGeometry window_geometry(const Shape& input_shape, Size2D kernel, Size2D strides, Padding padding,
                               const std::string& layer) {
    if (input_shape.size() != 3) {
        std::string hint = input_shape.size() == 2
            ? "; a grey image of (28, 28) is (28, 28, 1): add Reshape({28, 28, 1}) first, or declare InputShape{28, 28, 1}"
            : input_shape.size() == 1 ? "; flat images such as (784) need Reshape({28, 28, 1}) first" : "";
        throw std::invalid_argument(layer + " needs images of shape (height, width, channels), got " +
                                    batch_shape_string(input_shape) + hint);
    }
    if (input_shape[0] == 0 || input_shape[1] == 0 || input_shape[2] == 0)
        throw std::invalid_argument(layer + ": every axis of the input must be at least 1, got " +
                                    batch_shape_string(input_shape));
    if (kernel.height == 0 || kernel.width == 0 || strides.height == 0 || strides.width == 0)
        throw std::invalid_argument(layer + ": the window (" + std::to_string(kernel.height) + ", " +
                                    std::to_string(kernel.width) + ") and the strides (" +
                                    std::to_string(strides.height) + ", " + std::to_string(strides.width) +
                                    ") must be at least 1");
    WindowGeometry g;
    g.in_height = input_shape[0];
    g.in_width = input_shape[1];
    g.channels = input_shape[2];
    g.kernel = kernel;
    g.strides = strides;
    g.padding = padding;
    // One axis: its output size and the zeros added before it.
    auto axis = [&](std::size_t in, std::size_t k, std::size_t s, std::size_t& out, std::size_t& pad_before) {
        if (padding == Padding::valid) {
            if (k > in)
                throw std::invalid_argument(layer + ": with padding \"valid\" the window (" +
                                            std::to_string(kernel.height) + ", " + std::to_string(kernel.width) +
                                            ") must fit in the image " + batch_shape_string(input_shape) +
                                            "; use padding \"same\" or a smaller window");
            out = (in - k) / s + 1;
            pad_before = 0;
        } else {
            out = (in + s - 1) / s;
            std::size_t needed = (out - 1) * s + k;
            pad_before = needed > in ? (needed - in) / 2 : 0;
        }
    };
    axis(g.in_height, kernel.height, strides.height, g.out_height, g.pad_top);
    axis(g.in_width, kernel.width, strides.width, g.out_width, g.pad_left);
    return g;
}

std::vector<std::size_t> size2d_setting(Size2D size) { return {size.height, size.width}; }

Size2D size2d_from_setting(const std::vector<std::size_t>& axes, const std::string& key) {
    if (axes.size() != 2)
        throw std::invalid_argument(key + " must have two axes (height,width), got " + std::to_string(axes.size()));
    return {axes[0], axes[1]};
}

}  // namespace neurona
