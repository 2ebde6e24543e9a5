/// @file layer.hpp
/// The Layer interface: forward and backward, side by side, and the parameters an
/// optimizer updates.
///
/// Data is always a (batch, features) Matrix. A layer's shape (Keras's, without the
/// batch dimension) may have more than one axis, e.g. Flatten's input (28, 28); the values
/// are then stored flattened in row-major order, as NumPy's reshape would.
///
/// What every layer needs is done once, here: forward() and backward() check the shapes,
/// skip dA_prev below the first layer with weights, and call the layer's own math,
/// forward_pass() and backward_pass(), which each layer writes next to each other in its
/// file. docs/adding-a-layer.md walks through adding one.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "neurona/layers/config.hpp"
#include "neurona/matrix.hpp"
#include "neurona/param.hpp"

namespace neurona {

struct ActivationFunction;

/// A shape without the batch dimension: (2) for 2 features, (28, 28) for an image.
using Shape = std::vector<std::size_t>;

/// The number of values in one sample of `shape` (the product of its axes). Throws
/// std::overflow_error naming the shape when the product does not fit in std::size_t.
std::size_t shape_size(const Shape& shape);
/// Keras's spelling of a batch shape: "(None, 4)", "(None, 28, 28)".
std::string batch_shape_string(const Shape& shape);
/// The number of values in matrices of the given shapes, as count_params adds a layer's
/// weights up: weight_count({{in, units}, {1, units}}) for W and b. Throws
/// std::overflow_error when it does not fit in std::size_t.
std::size_t weight_count(std::initializer_list<Shape> shapes);

/// The input shape of the first layer, as Keras's input_shape=(2,): InputShape{2}.
struct InputShape {
    Shape dims;  ///< The axes, without the batch dimension.
    /// From a list of axes, so that InputShape{2} and InputShape{28, 28} read as Keras's tuples.
    InputShape(std::initializer_list<std::size_t> d) : dims(d) {}
    /// From a Shape.
    explicit InputShape(Shape d) : dims(std::move(d)) {}
};

class Layer;

/// Keras's layers.deserialize: a new, unbuilt layer of the registered type `type` ("Dense")
/// from its configuration (get_config()'s settings, input_shape among them). Builds nothing
/// and allocates no weights. Throws std::invalid_argument listing the registered types for
/// an unknown one, naming the setting that is missing, malformed or not the layer's, and
/// with the layer's own message for a bad value (Dropout's rate 1.5). The registry is in
/// layers/registry.cpp.
std::unique_ptr<Layer> layer_from_config(const std::string& type, const LayerConfig& config);
/// The registered layer types, in the registry's order ("Dense", "Activation", ...).
std::vector<std::string> layer_type_names();

/// A layer of a Sequential model.
class Layer {
public:
    virtual ~Layer() = default;

    /// Keras's class name: "Dense", "Dropout", ...
    virtual std::string type() const = 0;
    /// Keras's get_config(): the layer's own settings in order (Dense: units, activation,
    /// l1 and l2 when not zero), then input_shape when one was declared. A model file writes
    /// these on the layer's line, and layer_from_config(type(), get_config()) makes the same
    /// layer again.
    LayerConfig get_config() const;

    /// Keras's compute_output_shape: the output shape for inputs of `input_shape`, without
    /// building. Throws std::invalid_argument when the input shape does not suit the layer
    /// (Dense and a 2-D input). The default: the output shape is the input shape.
    virtual Shape compute_output_shape(const Shape& input_shape) const { return input_shape; }
    /// How many weights (trainable and not) build(input_shape) would create, counted without
    /// creating them: load_model checks a file's layers against its size before it builds
    /// any. Keras's count_params, asked before build. Throws as compute_output_shape, or
    /// std::overflow_error when the count does not fit in std::size_t. 0 by default.
    virtual std::size_t count_params(const Shape& /*input_shape*/) const { return 0; }
    /// Creates the parameters for inputs of `input_shape` and returns the output shape.
    /// Throws std::invalid_argument when the input shape does not suit the layer. The
    /// default, for a layer without weights: records compute_output_shape(input_shape).
    virtual Shape build(const Shape& input_shape);

    /// A = f(A_prev): A_prev is (batch, input size), A is (batch, output size). `training`
    /// switches Dropout on. Keeps what backward needs. Throws std::logic_error before build()
    /// and std::invalid_argument naming the layer and both shapes when A_prev has another
    /// column count than the built input size (neither for a layer of any_width()).
    Matrix forward(const Matrix& A_prev, bool training);
    /// Given dA = dL/dA, the shape of the last forward's A: fills the gradients of params()
    /// and returns dA_prev = dL/dA_prev, the shape of the last forward's A_prev, or an empty
    /// matrix when needs_input_gradient() is false (no layer below has weights: nothing would
    /// use it; a layer without trainable weights then does nothing at all, and dA, which the
    /// layer above did not compute either, is not looked at).
    /// Throws std::logic_error before any forward, std::invalid_argument naming both shapes
    /// when dA has another shape than that A.
    Matrix backward(const Matrix& dA);
    /// Whether the layer takes inputs of any width and gives A of A_prev's shape, whatever it
    /// was built for (Dropout and Activation, as Keras's, which have no input spec): forward
    /// then needs no build and checks no width. False by default.
    virtual bool any_width() const { return false; }

    /// The activation g this layer applies last, A = g(Z) (Dense's and Activation's), or
    /// nullptr when it has none. Lets a model skip g' when the loss gives dL/dZ directly
    /// (softmax or sigmoid with cross-entropy: dZ = (A - Y) / batch).
    virtual const ActivationFunction* output_activation() const { return nullptr; }
    /// Z, the input of output_activation() kept by the last forward, (batch, output size).
    /// Throws std::logic_error for a layer without an output activation or before forward.
    const Matrix& output_logits() const;
    /// backward() starting from dZ = dL/dZ (the shape of output_logits()) instead of dA: the
    /// same gradients and dA_prev as backward(dA) when dZ = dA * g'(Z), with g' skipped.
    /// The same checks as backward(); std::logic_error for a layer without an output activation.
    Matrix backward_from_logits(const Matrix& dZ);

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
    /// The input shape the layer's settings fix, if any: the declared one by default;
    /// Normalization made from its configuration knows it from `features`. load_model builds
    /// a first layer from it.
    virtual std::optional<Shape> configured_input_shape() const { return declared_input_shape_; }
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
    /// The layer's own settings for get_config(), without input_shape (none by default).
    virtual LayerConfig settings() const { return {}; }
    /// The layer's forward math, A = f(A_prev), called by forward() once A_prev is checked:
    /// the layer is built and A_prev is (batch, input size) (unless any_width()).
    virtual Matrix forward_pass(const Matrix& A_prev, bool training) = 0;
    /// The layer's backward math, called by backward() once dA is checked to have the shape of
    /// the last forward's A: fills the parameters' gradients, and returns dA_prev when
    /// `need_dA_prev` (an empty matrix otherwise). A layer without trainable weights is only
    /// called with need_dA_prev true.
    virtual Matrix backward_pass(const Matrix& dA, bool need_dA_prev) = 0;
    /// For a layer with an output activation: Z, kept by the last forward. The default throws
    /// std::logic_error (output_logits() does not call it for a layer without one).
    virtual const Matrix& logits() const;
    /// For a layer with an output activation: backward_pass from dZ, skipping g'. The default
    /// throws std::logic_error (backward_from_logits() does not call it for a layer without one).
    virtual Matrix backward_from_logits_pass(const Matrix& dZ, bool need_dA_prev);

    /// Records the shapes after a subclass's build.
    void mark_built(const Shape& input, const Shape& output);
    /// "dense (Dense)", or "(Dense)" before the layer has a name: how messages name the layer.
    std::string label() const;

    std::optional<Shape> declared_input_shape_;  ///< See declared_input_shape().
    std::string name_;                          ///< See name().
    ///@{
    Shape input_shape_, output_shape_;          ///< Set by mark_built().
    ///@}
    bool built_ = false;                        ///< See built().
    bool needs_input_gradient_ = true;          ///< See needs_input_gradient().

private:
    friend std::unique_ptr<Layer> layer_from_config(const std::string& type, const LayerConfig& config);

    // Throws unless `grad` (dA or dZ) has the shape of the last forward's A; `what` names the call.
    void check_output_gradient(const char* what, const Matrix& grad) const;
    // backward and backward_from_logits: skips a layer without weights when nothing below
    // needs dA_prev; else checks `grad`, runs `pass` and checks the dA_prev it returns.
    using BackwardPass = Matrix (Layer::*)(const Matrix&, bool);
    Matrix run_backward(const char* what, const Matrix& grad, BackwardPass pass);
    // Throws std::logic_error unless output_activation() is set (`what`: the call).
    void require_output_activation(const char* what) const;

    // The last forward's shapes, for backward's checks; forwarded_: there was one.
    std::size_t forward_rows_ = 0, forward_in_ = 0, forward_out_ = 0;
    bool forwarded_ = false;
};

}  // namespace neurona
