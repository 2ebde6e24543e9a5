/// @file dense.hpp
/// Dense: the fully connected layer, Z = A_prev . W + b, A = g(Z).
#pragma once

#include <memory>
#include <string>

#include "neurona/activations.hpp"
#include "neurona/layers/layer.hpp"

namespace neurona {

/// Keras's kernel_regularizer: a penalty on the weights W added to the model's loss,
///   l1 * sum(|W|) + l2 * sum(W^2),
/// so gradient descent also pulls W towards 0 (weight decay), which curbs overfitting.
/// Its gradient, l1 * sign(W) + 2 * l2 * W, is added to dW. The bias is not penalized.
struct Regularizer {
    double l1 = 0;  ///< Weight of sum(|W|); 0 is none.
    double l2 = 0;  ///< Weight of sum(W^2); 0 is none.
    /// True when the penalty is not zero.
    bool active() const { return l1 != 0 || l2 != 0; }
};

/// Keras's keras.regularizers module: Dense(64, "relu", regularizers::l2(0.01)).
namespace regularizers {
/// l1 * sum(|W|) (Keras's regularizers.l1, default 0.01).
inline Regularizer l1(double l1 = 0.01) { return {l1, 0}; }
/// l2 * sum(W^2) (Keras's regularizers.l2, default 0.01).
inline Regularizer l2(double l2 = 0.01) { return {0, l2}; }
/// Both (Keras's regularizers.l1_l2, defaults 0.01 and 0.01).
inline Regularizer l1_l2(double l1 = 0.01, double l2 = 0.01) { return {l1, l2}; }
}  // namespace regularizers

/// Keras's Dense(units, activation): glorot_uniform weights, zero bias, linear by default.
class Dense : public Layer {
public:
    /// `units` outputs with activation `activation` (a name from get_activation; "" or
    /// "linear" is none). Throws std::invalid_argument for 0 units or an unknown activation.
    explicit Dense(std::size_t units, const std::string& activation = "linear");
    /// The same, as the model's first layer with its input shape: Dense(4, "tanh", InputShape{2}),
    /// optionally with a kernel regularizer: Dense(4, "tanh", InputShape{2}, regularizers::l2()).
    Dense(std::size_t units, const std::string& activation, InputShape input_shape,
          Regularizer kernel_regularizer = {});
    /// With a kernel regularizer (Keras's kernel_regularizer=): Dense(64, "relu", regularizers::l2(0.01)).
    /// Throws std::invalid_argument, as above, and for a negative l1 or l2.
    Dense(std::size_t units, const std::string& activation, Regularizer kernel_regularizer);

    std::string type() const override { return "Dense"; }
    /// Keras's from_config: units (required), activation (default linear), l1 and l2 (the
    /// kernel regularizer, default 0). Throws std::invalid_argument as the constructors, or
    /// naming a missing or malformed setting.
    static std::unique_ptr<Layer> from_config(const LayerConfig& config);
    /// (units) for a 1-D input (in); a 2-D input such as (28, 28) throws
    /// std::invalid_argument suggesting Flatten.
    Shape compute_output_shape(const Shape& input_shape) const override;
    /// in * units + units: W and b.
    std::size_t count_params(const Shape& input_shape) const override;
    /// Creates W (in, units) with glorot_uniform, U(-l, l) with l = sqrt(6 / (in + units)),
    /// drawn from global_rng(), and b (1, units) = 0. Throws as compute_output_shape.
    Shape build(const Shape& input_shape) override;
    /// g, the activation applied to Z.
    const ActivationFunction* output_activation() const override { return activation_; }

    /// The kernel regularizer's penalty l1 * sum(|W|) + l2 * sum(W^2) (0 without one).
    Scalar regularization_loss() const override;

    std::vector<Param> params() override { return {{"W", &W_, &dW_}, {"b", &b_, &db_}}; }
    /// {W, b}, as Keras's layer.get_weights().
    std::vector<Matrix> get_weights() const override { return {W_, b_}; }
    void set_weights(const std::vector<Matrix>& weights) override;
    /// in * units + units.
    std::size_t trainable_count() const override { return W_.size() + b_.size(); }

    std::size_t units() const { return units_; }  ///< The number of outputs.
    /// The activation's name ("linear" when none was given).
    const std::string& activation() const { return activation_->name; }
    /// The kernel regularizer (l1 = l2 = 0 without one).
    const Regularizer& kernel_regularizer() const { return regularizer_; }
    const Matrix& W() const { return W_; }    ///< The kernel, (in, units); empty before build.
    const Matrix& b() const { return b_; }    ///< The bias, (1, units); empty before build.
    const Matrix& dW() const { return dW_; }  ///< dL/dW of the last backward, (in, units).
    const Matrix& db() const { return db_; }  ///< dL/db of the last backward, (1, units).

protected:
    /// units, activation, then l1 and l2 when not zero.
    LayerConfig settings() const override;

    /// Z = A_prev . W + b, then A = g(Z).
    /// A_prev is (batch, in), W is (in, units), b is (1, units), Z and A are (batch, units).
    /// Keeps A_prev and Z for backward (and A when g is softmax, whose backward reads it).
    Matrix forward_pass(const Matrix& A_prev, bool training) override;
    /// Given dA = dL/dA (batch, units):
    ///   dZ = dA * g'(Z)              (elementwise; softmax: its Jacobian per row)
    /// then backward_from_logits_pass(dZ).
    Matrix backward_pass(const Matrix& dA, bool need_dA_prev) override;
    /// Given dZ = dL/dZ (batch, units):
    ///   dW = A_prev^T . dZ           (in, units)
    ///   db = sum over the batch of dZ (1, units)
    ///   returns dA_prev = dZ . W^T   (batch, in) when need_dA_prev (else an empty matrix).
    /// With a kernel regularizer, dW also gets the penalty's gradient l1 sign(W) + 2 l2 W.
    Matrix backward_from_logits_pass(const Matrix& dZ, bool need_dA_prev) override;
    /// Z of the last forward.
    const Matrix& logits() const override { return Z_; }

private:
    std::size_t units_;
    const ActivationFunction* activation_;
    Regularizer regularizer_;
    Matrix W_, b_, dW_, db_;
    Matrix A_prev_, Z_, A_;  // kept by forward for backward (A_ for softmax only)
    Matrix dZ_;              // backward's buffer, reused between steps
};

}  // namespace neurona
