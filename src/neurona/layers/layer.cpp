#include "neurona/layers/layer.hpp"

#include <limits>
#include <stdexcept>

namespace neurona {

std::size_t shape_size(const Shape& shape) {
    std::size_t n = 1;
    for (std::size_t d : shape) {
        if (d != 0 && n > std::numeric_limits<std::size_t>::max() / d)
            throw std::overflow_error("the shape " + batch_shape_string(shape) + " holds more than 2^64 values");
        n *= d;
    }
    return n;
}

std::string batch_shape_string(const Shape& shape) {
    std::string s = "(None";
    for (std::size_t d : shape) s += ", " + std::to_string(d);
    return s + ")";
}

std::size_t weight_count(std::initializer_list<Shape> shapes) {
    std::size_t total = 0;
    for (const Shape& shape : shapes) {
        const std::size_t n = shape_size(shape);
        if (n > std::numeric_limits<std::size_t>::max() - total)
            throw std::overflow_error("more than 2^64 weights");
        total += n;
    }
    return total;
}

namespace {
std::string shape_text(std::size_t rows, std::size_t cols) {
    return "(" + std::to_string(rows) + ", " + std::to_string(cols) + ")";
}
}  // namespace

LayerConfig Layer::get_config() const {
    LayerConfig config = settings();
    if (declared_input_shape_) config.set("input_shape", *declared_input_shape_);
    return config;
}

Shape Layer::build(const Shape& input_shape) {
    mark_built(input_shape, compute_output_shape(input_shape));
    return output_shape_;
}

std::string Layer::label() const { return (name_.empty() ? "" : name_ + " ") + "(" + type() + ")"; }

Matrix Layer::forward(const Matrix& A_prev, bool training) {
    if (!any_width()) {
        if (!built_) throw std::logic_error(label() + " forward: the layer is not built yet (no input shape)");
        const std::size_t in = shape_size(input_shape_);
        if (A_prev.cols() != in) {
            // The weights' shapes too: "W (4, 3)" tells which product would not fit.
            std::string weights;
            for (const Param& p : params()) weights += "; " + p.name + " " + p.value->shape();
            throw std::invalid_argument(label() + " forward: A_prev is " + A_prev.shape() + ", but the layer takes " +
                                        std::to_string(in) + " columns (input shape " +
                                        batch_shape_string(input_shape_) + weights + ")");
        }
    }
    Matrix A = forward_pass(A_prev, training);
    const std::size_t out = any_width() ? A_prev.cols() : shape_size(output_shape_);
    if (A.rows() != A_prev.rows() || A.cols() != out)
        throw std::logic_error(label() + " forward_pass returned " + A.shape() + ", expected " +
                               shape_text(A_prev.rows(), out));
    forwarded_ = true;
    forward_rows_ = A_prev.rows();
    forward_in_ = A_prev.cols();
    forward_out_ = out;
    return A;
}

void Layer::check_output_gradient(const char* what, const Matrix& grad) const {
    if (!forwarded_) throw std::logic_error(label() + " " + what + ": no forward before it");
    if (grad.rows() != forward_rows_ || grad.cols() != forward_out_)
        throw std::invalid_argument(label() + " " + what + ": the gradient is " + grad.shape() +
                                    ", but the last forward's output was " + shape_text(forward_rows_, forward_out_));
}

Matrix Layer::run_backward(const char* what, const Matrix& grad, BackwardPass pass) {
    // Without weights of its own, a layer's backward only carries the gradient down: skipped
    // when nothing below uses it (the layer above, skipped too, may have passed nothing).
    if (!needs_input_gradient_ && trainable_count() == 0) return Matrix();
    check_output_gradient(what, grad);
    Matrix dA_prev = (this->*pass)(grad, needs_input_gradient_);
    if (needs_input_gradient_ && (dA_prev.rows() != forward_rows_ || dA_prev.cols() != forward_in_))
        throw std::logic_error(label() + " " + what + " returned dA_prev " + dA_prev.shape() + ", expected " +
                               shape_text(forward_rows_, forward_in_));
    return dA_prev;
}

Matrix Layer::backward(const Matrix& dA) { return run_backward("backward", dA, &Layer::backward_pass); }

void Layer::require_output_activation(const char* what) const {
    if (!output_activation())
        throw std::logic_error(label() + " " + what + ": the layer has no output activation (no Z = logits)");
}

const Matrix& Layer::output_logits() const {
    require_output_activation("output_logits");
    if (!forwarded_) throw std::logic_error(label() + " output_logits: no forward before it");
    return logits();
}

Matrix Layer::backward_from_logits(const Matrix& dZ) {
    require_output_activation("backward_from_logits");
    return run_backward("backward_from_logits", dZ, &Layer::backward_from_logits_pass);
}

const Matrix& Layer::logits() const {
    throw std::logic_error(label() + ": has an output activation but does not override logits()");
}

Matrix Layer::backward_from_logits_pass(const Matrix& /*dZ*/, bool /*need_dA_prev*/) {
    throw std::logic_error(label() + ": has an output activation but does not override backward_from_logits_pass()");
}

void Layer::mark_built(const Shape& input, const Shape& output) {
    input_shape_ = input;
    output_shape_ = output;
    built_ = true;
}

void Layer::set_weights(const std::vector<Matrix>& weights) {
    if (!weights.empty())
        throw std::invalid_argument(name_ + " (" + type() + "): has no weights, got " +
                                    std::to_string(weights.size()));
}

}  // namespace neurona
