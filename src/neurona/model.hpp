/// @file model.hpp
/// Sequential: Keras's model, a stack of layers trained by mini-batch gradient descent.
///
///     Sequential model;
///     model.add(Dense(4, "tanh", InputShape{2}));
///     model.add(Dense(2, "tanh"));
///     model.add(Dense(1, "sigmoid"));
///     model.compile("binary_crossentropy", "sgd", {"accuracy"});
///     History history = model.fit(X_train, y_train, {.epochs = 30, .batch_size = 5,
///                                                    .validation_data = {{X_test, y_test}}});
///
/// X is (samples, features) with one sample per row; y is (samples, outputs), or
/// (samples, 1) class indices for sparse_categorical_crossentropy.
#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "neurona/callback.hpp"
#include "neurona/history.hpp"
#include "neurona/layers/layer.hpp"
#include "neurona/losses.hpp"
#include "neurona/metrics.hpp"
#include "neurona/optimizers.hpp"
#include "neurona/progress_bar.hpp"

namespace neurona {

/// fit's arguments, Keras's names and defaults.
struct FitOptions {
    std::size_t epochs = 1;       ///< Passes over the training data (Keras: 1).
    std::size_t batch_size = 32;  ///< Samples per gradient step (Keras: 32).
    /// Verbosity: 0 silent, 1 progress bar, 2 one line per epoch.
    int verbose = 1;
    /// Shuffle the training samples before each epoch (with global_rng()).
    bool shuffle = true;
    /// (X_val, y_val) evaluated after each epoch; adds val_* series to History.
    std::optional<std::pair<Matrix, Matrix>> validation_data = std::nullopt;
    /// Fraction in [0, 1) of the training samples held out as validation data: the LAST
    /// samples, taken before shuffling, as Keras does. Ignored when validation_data is set.
    double validation_split = 0.0;
    /// Called during training (EarlyStopping, TerminateOnNaN, ...); not owned by fit.
    std::vector<Callback*> callbacks = {};
};

/// A linear stack of layers.
class Sequential {
public:
    /// An empty model named "sequential", "sequential_1", ... (Keras's naming).
    Sequential();
    /// Movable (it owns its layers), not copyable.
    ///@{
    Sequential(Sequential&&) noexcept = default;
    Sequential& operator=(Sequential&&) noexcept = default;
    ///@}

    /// Appends a layer (taken by value: model.add(Dense(4, "tanh"))). Names it with Keras's
    /// per-type counters (dense, dense_1, ...) and builds it when the input shape is known.
    /// Throws std::invalid_argument when a layer other than the first declares an input
    /// shape that differs from the previous layer's output, or the shapes do not fit.
    template <class L, class = std::enable_if_t<std::is_base_of_v<Layer, std::decay_t<L>>>>
    void add(L&& layer) {
        add(std::unique_ptr<Layer>(std::make_unique<std::decay_t<L>>(std::forward<L>(layer))));
    }
    /// Appends a layer already on the heap.
    void add(std::unique_ptr<Layer> layer);

    /// Sets the loss, the optimizer and the metrics, by name: compile("binary_crossentropy",
    /// "sgd", {"accuracy"}). Unknown names throw std::invalid_argument listing the known ones.
    void compile(const std::string& loss, const std::string& optimizer,
                 const std::vector<std::string>& metrics = {});
    /// The same with an optimizer object, e.g. compile("mse", SGD({.learning_rate = 0.1, .momentum = 0.9})).
    void compile(const std::string& loss, const Optimizer& optimizer,
                 const std::vector<std::string>& metrics = {});
    /// The same with a loss object, as Keras's loss classes with settings:
    /// compile(SparseCategoricalCrossentropy({.from_logits = true}), "adam", {"accuracy"}).
    /// With from_logits the model outputs logits (predict returns them), the metrics see
    /// them too (argmax is the same; binary accuracy thresholds the logits at 0, which is
    /// sigmoid's 0.5), and the loss is computed from them stably.
    ///@{
    void compile(const Loss& loss, const std::string& optimizer, const std::vector<std::string>& metrics = {});
    void compile(const Loss& loss, const Optimizer& optimizer, const std::vector<std::string>& metrics = {});
    ///@}

    /// Trains on (X, y) and returns the History, one entry per epoch run (fewer than
    /// `epochs` when a callback stops training). X is (samples, inputs) and y is
    /// (samples, outputs) (or (samples, 1) class indices for a sparse loss). The loss
    /// reported includes the layers' regularization penalties, as Keras's does.
    /// Throws std::logic_error when not compiled, std::invalid_argument when X has no
    /// samples or no columns, when X and y disagree in rows or do not fit the model (each
    /// message gives the shapes), or when X, y or the validation data hold a NaN or an
    /// infinity (before any training; it names the matrix, the row and the column, 0-based),
    /// and std::runtime_error when the loss becomes NaN or infinite (it names the epoch and
    /// batch) unless a callback such as TerminateOnNaN stops training at that batch; the
    /// progress line then shows the batches run ("3/8").
    History fit(const Matrix& X, const Matrix& y, const FitOptions& options = {});

    /// Keras's train_on_batch: one step of training on the batch (X, y), the step fit takes
    /// for each of its batches: forward in training mode (Dropout on), the loss plus the
    /// regularization penalties, backward, and the optimizer's update of every parameter.
    /// Returns that loss and then each metric on the batch, from the predictions before the
    /// update, as Keras returns [loss, metrics...]. A NaN or infinite loss is returned as it
    /// is and the update is skipped (its gradients would spoil every weight); fit turns it
    /// into an error or a callback's stop. Builds an unbuilt model for X. Throws as fit does
    /// for a model not compiled and for bad X or y (disagreeing rows, no samples, a NaN or
    /// an infinity, a shape the model does not take).
    std::vector<double> train_on_batch(const Matrix& X, const Matrix& y);
    /// Keras's test_on_batch: the same values on (X, y) in inference mode (Dropout off),
    /// without backward or update; evaluate takes this step for each of its batches. Throws
    /// as train_on_batch.
    std::vector<double> test_on_batch(const Matrix& X, const Matrix& y);

    /// The loss (with the regularization penalties, as Keras) and then each metric on
    /// (X, y), as Keras's evaluate returns them; with verbose 1 prints the progress line.
    /// Inference mode (Dropout off). Throws std::invalid_argument when X and y disagree in
    /// rows, or hold a NaN or an infinity (naming the matrix, the row and the column).
    std::vector<double> evaluate(const Matrix& X, const Matrix& y, std::size_t batch_size = 32,
                                 int verbose = 1);

    /// The model's outputs for X (samples, inputs) -> (samples, outputs), computed in
    /// batches of batch_size, inference mode. Throws std::invalid_argument when X does not
    /// fit the model or holds a NaN or an infinity (naming the row and the column).
    Matrix predict(const Matrix& X, std::size_t batch_size = 32);

    /// Keras's summary table: layer names and types, output shapes with None, Param #,
    /// Total / Trainable / Non-trainable params. Throws std::logic_error when unbuilt.
    void summary(std::ostream& out) const;
    /// The summary on std::cout.
    void summary() const;

    /// Every layer's weights in order (Keras's model.get_weights()).
    std::vector<Matrix> get_weights() const;
    /// Replaces every layer's weights; throws std::invalid_argument on a count or shape mismatch.
    void set_weights(const std::vector<Matrix>& weights);

    /// The layers, as model.layers[i] in Keras.
    std::vector<Layer*> layers() const;
    /// Layer i; throws std::out_of_range.
    Layer& layer(std::size_t i) const;
    /// The model's name ("sequential", "sequential_1", ...).
    const std::string& name() const { return name_; }
    /// Every layer's trainable and non-trainable scalars (Keras's model.count_params()).
    std::size_t count_params() const;

    /// One forward pass through every layer: (samples, inputs) -> (samples, outputs).
    Matrix forward(const Matrix& X, bool training);
    /// One backward pass from dL/dY_hat, filling every layer's gradients.
    void backward(const Matrix& dY_hat);
    /// The sum of every layer's regularization penalty (Keras's sum(model.losses)), the
    /// part of the training loss that depends on the weights only.
    Scalar regularization_loss() const;
    /// Forward on (X, y), the mean loss, and backward: every layer's gradients filled.
    /// Returns the loss plus regularization_loss() (the function the gradients are of)
    /// and keeps the predictions in *Y_hat when given. When fuses_output(), the loss and
    /// its gradient come from the output layer's logits Z: dZ = (A - Y) / batch enters the
    /// output layer directly, as in Keras's fit with the TensorFlow backend.
    Scalar compute_gradients(const Matrix& X, const Matrix& y, bool training,
                             Matrix* Y_hat = nullptr);
    /// Every trainable parameter with its gradient, layer by layer.
    std::vector<Param> params();
    /// Whether training takes the fused output gradient: the last layer ends in the
    /// activation the compiled cross-entropy fuses with (softmax with categorical or sparse
    /// categorical cross-entropy, sigmoid with binary cross-entropy) and the loss was not
    /// asked from_logits. The loss is then computed from the logits Z, stably and unclipped,
    /// and backward starts at dZ = (A - Y) / batch (binary: / (batch * outputs)), so a sample
    /// that is wrong with near certainty still gets its full gradient. False when not compiled.
    bool fuses_output() const;

    /// Whether compile() has been called.
    bool compiled() const { return loss_.has_value(); }
    /// The compiled loss. Throws std::logic_error when not compiled.
    const Loss& loss() const;
    /// The compiled optimizer (the model's own copy). Throws std::logic_error when not compiled.
    ///@{
    const Optimizer& optimizer() const;
    Optimizer& optimizer();
    ///@}
    /// The metrics as given to compile (names as asked).
    const std::vector<std::string>& metric_names() const { return metric_names_; }

    /// Saves the architecture, the compile settings (loss, optimizer and its
    /// hyper-parameters, metrics), every weight and the optimizer's running state (its step
    /// count and slots, as Keras does: a model loaded from the file trains on exactly as this
    /// one would) to `path` in neurona's model format, version 2 (docs/model-format.md).
    /// Atomic and durable: it writes a temporary file of its own beside `path`
    /// (`<path>.tmp.<pid>.<n>`), syncs it to the disk, renames it over `path` and syncs the
    /// folder, so a crash or a power loss
    /// leaves the old model or the new one, never half of one, and two threads or processes
    /// saving to the same path both succeed (the file is then one of their models, whole).
    /// It first removes the temporaries that killed saves of `path` left behind. Throws
    /// std::runtime_error naming the path and the reason when it cannot be written (the
    /// temporary is removed, the old model untouched), and std::logic_error when the model
    /// is not built.
    void save(const std::string& path) const;

private:
    friend Sequential load_model(const std::string& path);
    void build(const Shape& input_shape);
    /// Tells each layer whether backward must compute dA_prev (only above a layer with
    /// trainable weights).
    void skip_unused_input_gradients();
    /// Turns metric_names_ into metrics_ for the current loss and output count.
    void resolve_metrics();
    void check_data(const char* where, const Matrix& X, const Matrix& y) const;
    /// What fit, evaluate and the *_on_batch calls do first: check that the model is
    /// compiled and (X, y) is good data (`where` names the call in errors), build the model
    /// for X when it is not built yet, and resolve the metrics for its outputs.
    void prepare(const char* where, const Matrix& X, const Matrix& y);
    /// train_on_batch's step on checked data, with the trainable parameters listed once by
    /// the caller (fit lists them once for all its steps).
    std::vector<double> train_step(const Matrix& X, const Matrix& y, const std::vector<Param>& trainable);
    /// The compiled loss of the predictions Y_hat of the last forward (from the output's
    /// logits when fuses_output()), without the regularization penalties.
    Scalar data_loss(const Matrix& y, const Matrix& Y_hat) const;
    /// test_on_batch's values on checked data.
    std::vector<double> test_step(const Matrix& X, const Matrix& y);
    /// Loss and metrics over (X, y): test_step on each batch, averaged over the samples.
    std::vector<std::pair<std::string, double>> measure(const Matrix& X, const Matrix& y,
                                                        std::size_t batch_size, ProgressBar* bar);

    std::string name_;
    std::vector<std::unique_ptr<Layer>> layers_;
    std::optional<Loss> loss_;
    std::unique_ptr<Optimizer> optimizer_;
    std::vector<std::string> metric_names_;
    std::vector<Metric> metrics_;
};

/// Loads a model written by Sequential::save: same layers, names, compile settings,
/// weights and optimizer state, so predict gives bit-identical results and so does training
/// on (with global_rng() in the same state). A version-1 file (no optimizer state) loads with
/// a fresh optimizer. Throws std::runtime_error naming the file and what was expected and
/// found when it is missing or a folder, of another format or version, truncated, corrupt
/// (its checksum does not match) or followed by bytes after the end of the model, when its
/// layers declare more weights than the file holds, or when its optimizer state does not
/// fit the model (naming the slot and the shapes).
/// Every count in the file is checked against the bytes it has left before anything is
/// allocated, so memory stays within a few times the file's size.
Sequential load_model(const std::string& path);

/// Resets Keras's name counters (keras.backend.clear_session()): the next model is
/// "sequential" and its first Dense "dense" again.
void clear_session();

}  // namespace neurona
