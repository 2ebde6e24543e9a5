/// @file layer.hpp
/// The Layer interface: forward and backward, side by side, and the parameters an
/// optimizer updates.
///
/// Data is always a (batch, features) Matrix. A layer's shape (Keras's, without the
/// batch dimension) may have more than one axis, e.g. Flatten's input (28, 28); the values
/// are then stored flattened in row-major order, as NumPy's reshape would.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "neurona/matrix.hpp"
#include "neurona/param.hpp"

namespace neurona {

/// A shape without the batch dimension: (2) for 2 features, (28, 28) for an image.
using Shape = std::vector<std::size_t>;

/// The number of values in one sample of `shape` (the product of its axes).
std::size_t shape_size(const Shape& shape);
/// Keras's spelling of a batch shape: "(None, 4)", "(None, 28, 28)".
std::string batch_shape_string(const Shape& shape);

/// The input shape of the first layer, as Keras's input_shape=(2,): InputShape{2}.
struct InputShape {
    Shape dims;  ///< The axes, without the batch dimension.
    /// From a list of axes, so that InputShape{2} and InputShape{28, 28} read as Keras's tuples.
    InputShape(std::initializer_list<std::size_t> d) : dims(d) {}
    /// From a Shape.
    explicit InputShape(Shape d) : dims(std::move(d)) {}
};

/// A layer of a Sequential model.
class Layer {
public:
    virtual ~Layer() = default;

    /// Keras's class name: "Dense", "Dropout", ...
    virtual std::string type() const = 0;
    /// Creates the parameters for inputs of `input_shape` and returns the output shape.
    /// Throws std::invalid_argument when the input shape does not suit the layer.
    virtual Shape build(const Shape& input_shape) = 0;
    /// A = f(A_prev): A_prev is (batch, input size). `training` switches Dropout on.
    /// Keeps what backward needs.
    virtual Matrix forward(const Matrix& A_prev, bool training) = 0;
    /// Given dA = dL/dA (batch, output size): fills the gradients of params() and returns
    /// dA_prev = dL/dA_prev (batch, input size), or an empty matrix when
    /// needs_input_gradient() is false (no layer below has weights: nothing would use it).
    virtual Matrix backward(const Matrix& dA) = 0;

    /// The trainable parameters with their gradients, in get_weights() order.
    virtual std::vector<Param> params() { return {}; }
    /// Every weight, trainable first (Keras's layer.get_weights()).
    virtual std::vector<Matrix> get_weights() const { return {}; }
    /// Replaces every weight; throws std::invalid_argument naming the layer, the weight
    /// and both shapes on a mismatch, or when the count differs.
    virtual void set_weights(const std::vector<Matrix>& weights);
    /// Number of trainable / non-trainable scalars (the summary's Param # is their sum).
    ///@{
    virtual std::size_t trainable_count() const { return 0; }
    virtual std::size_t non_trainable_count() const { return 0; }
    ///@}
    /// The penalty this layer adds to the model's loss (Keras's layer.losses), e.g. a Dense
    /// kernel regularizer's l2 * sum(W^2); backward adds its gradient to the parameters'
    /// gradients. 0 for a layer without one.
    virtual Scalar regularization_loss() const { return 0; }

    /// The name shown by summary (dense, dense_1, ...); Sequential assigns it on add().
    const std::string& name() const { return name_; }
    /// Replaces the name (Sequential::add and load_model use it).
    void set_name(std::string name) { name_ = std::move(name); }
    /// The input shape given to this layer by the user (first layer only), if any.
    const std::optional<Shape>& declared_input_shape() const { return declared_input_shape_; }
    /// The shapes found by build() (empty before).
    ///@{
    const Shape& input_shape() const { return input_shape_; }
    const Shape& output_shape() const { return output_shape_; }
    ///@}
    /// Whether the layer is built: build() ran, or set_weights (or adapt) built it.
    bool built() const { return built_; }
    /// Whether backward must compute dA_prev (false up to the first layer with weights).
    bool needs_input_gradient() const { return needs_input_gradient_; }
    /// Sets needs_input_gradient() (Sequential::build does, and gradcheck).
    void set_needs_input_gradient(bool yes) { needs_input_gradient_ = yes; }

protected:
    /// Records the shapes after a subclass's build.
    void mark_built(const Shape& input, const Shape& output);
    std::optional<Shape> declared_input_shape_;  ///< See declared_input_shape().
    std::string name_;                          ///< See name().
    ///@{
    Shape input_shape_, output_shape_;          ///< Set by mark_built().
    ///@}
    bool built_ = false;                        ///< See built().
    bool needs_input_gradient_ = true;          ///< See needs_input_gradient().
};

}  // namespace neurona
