#include "neurona/layers/dense.hpp"

#include <cmath>
#include <stdexcept>

#include "neurona/layers/linear.hpp"
#include "neurona/names.hpp"
#include "neurona/random.hpp"

namespace neurona {

Dense::Dense(std::size_t units, const std::string& activation)
    : units_(units), activation_(&get_activation(activation)) {
    if (units == 0) throw std::invalid_argument("Dense: units must be > 0");
}

Dense::Dense(std::size_t units, const std::string& activation, InputShape input_shape,
             Regularizer kernel_regularizer)
    : Dense(units, activation, kernel_regularizer) {
    declared_input_shape_ = std::move(input_shape.dims);
}

Dense::Dense(std::size_t units, const std::string& activation, Regularizer kernel_regularizer)
    : Dense(units, activation) {
    if (!(kernel_regularizer.l1 >= 0 && kernel_regularizer.l2 >= 0))
        throw std::invalid_argument("Dense: the regularizer's l1 and l2 must be >= 0, got l1 = " +
                                    number_text(kernel_regularizer.l1) + ", l2 = " +
                                    number_text(kernel_regularizer.l2));
    regularizer_ = kernel_regularizer;
}

std::unique_ptr<Layer> Dense::from_config(const LayerConfig& config) {
    const std::size_t units = config.count("units");
    const std::string activation = config.text("activation", "linear");
    // l1 and l2 (the kernel regularizer) are written only when not zero.
    const Regularizer regularizer{config.number("l1", 0), config.number("l2", 0)};
    return std::make_unique<Dense>(units, activation, regularizer);
}

LayerConfig Dense::settings() const {
    LayerConfig config;
    config.set("units", units_);
    config.set("activation", activation_->name);
    if (regularizer_.l1 != 0) config.set("l1", regularizer_.l1);
    if (regularizer_.l2 != 0) config.set("l2", regularizer_.l2);
    return config;
}

Shape Dense::compute_output_shape(const Shape& input_shape) const {
    if (input_shape.size() != 1)
        throw std::invalid_argument("Dense: expects a 1-D input (None, features), got " +
                                    batch_shape_string(input_shape) +
                                    "; add Flatten() before it");
    return {units_};
}

std::size_t Dense::count_params(const Shape& input_shape) const {
    compute_output_shape(input_shape);  // checks it
    return weight_count({{input_shape[0], units_}, {1, units_}});  // W and b
}

Shape Dense::build(const Shape& input_shape) {
    const Shape output_shape = compute_output_shape(input_shape);
    const std::size_t in = input_shape[0];
    W_ = global_rng().glorot_uniform(in, units_, in, units_);
    b_ = Matrix(1, units_);
    dW_ = Matrix(in, units_);
    db_ = Matrix(1, units_);
    mark_built(input_shape, output_shape);
    return output_shape_;
}

Matrix Dense::forward_pass(const Matrix& A_prev, bool /*training*/) {
    A_prev_ = A_prev;                    // kept for dW (into the same storage, step after step)
    linear_forward(A_prev, W_, b_, Z_);  // Z = A_prev . W + b
    Matrix A = activation_->forward(Z_); // A = g(Z)
    if (activation_->backward_reads_A()) A_ = A;  // softmax's backward needs A; g' of the others only Z
    return A;
}

Matrix Dense::backward_pass(const Matrix& dA, bool need_dA_prev) {
    // In the forward pass: Z = A_prev . W + b and A = g(Z). So, by the chain rule:
    activation_->compute_dZ(Z_, A_, dA, dZ_);  // dZ = dA * g'(Z) (A_ empty unless softmax)
    return backward_from_logits_pass(dZ_, need_dA_prev);
}

Matrix Dense::backward_from_logits_pass(const Matrix& dZ, bool need_dA_prev) {
    // dW = A_prev^T . dZ, db = sum over the batch of dZ, dA_prev = dZ . W^T (when needed).
    Matrix dA_prev;
    linear_backward(dZ, A_prev_, W_, dW_, db_, need_dA_prev ? &dA_prev : nullptr);
    if (regularizer_.active()) {
        // The penalty l1 sum|W| + l2 sum W^2 is part of the loss: dW += l1 sign(W) + 2 l2 W.
        const Scalar l1 = static_cast<Scalar>(regularizer_.l1), l2 = static_cast<Scalar>(regularizer_.l2);
        for (std::size_t i = 0; i < W_.size(); ++i) {
            const Scalar w = W_.data()[i];
            const Scalar sign = static_cast<Scalar>((w > 0) - (w < 0));
            dW_.data()[i] += l1 * sign + 2 * l2 * w;
        }
    }
    return dA_prev;
}

Scalar Dense::regularization_loss() const {
    if (!regularizer_.active()) return 0;
    double abs_sum = 0, square_sum = 0;  // in double: W can have millions of elements
    for (std::size_t i = 0; i < W_.size(); ++i) {
        abs_sum += std::abs(W_.data()[i]);
        square_sum += static_cast<double>(W_.data()[i]) * W_.data()[i];
    }
    return static_cast<Scalar>(regularizer_.l1 * abs_sum + regularizer_.l2 * square_sum);
}

void Dense::set_weights(const std::vector<Matrix>& weights) {
    if (weights.size() != 2)
        throw std::invalid_argument(name_ + " (Dense): set_weights expects 2 matrices {W, b}, got " +
                                    std::to_string(weights.size()));
    if (built_ && !weights[0].same_shape(W_))
        throw_shape_error(name_ + " (Dense): set_weights W", weights[0], W_);
    if (built_ && !weights[1].same_shape(b_))
        throw_shape_error(name_ + " (Dense): set_weights b", weights[1], b_);
    if (weights[0].cols() != units_ || weights[1].rows() != 1 || weights[1].cols() != units_)
        throw_shape_error(name_ + " (Dense): set_weights W and b", weights[0], weights[1],
                          " (expected (in, " + std::to_string(units_) + ") and (1, " +
                              std::to_string(units_) + "))");
    W_ = weights[0];
    b_ = weights[1];
    if (!built_) {
        dW_ = Matrix(W_.rows(), units_);
        db_ = Matrix(1, units_);
        mark_built({W_.rows()}, {units_});
    }
}

}  // namespace neurona
