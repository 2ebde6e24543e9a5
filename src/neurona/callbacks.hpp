/// @file callbacks.hpp
/// The callbacks fit calls (Keras's keras.callbacks): EarlyStopping and TerminateOnNaN.
/// They sit above the model (they read and restore its weights); the interface they
/// implement, Callback, is in callback.hpp, which the model includes.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurona/callback.hpp"
#include "neurona/matrix.hpp"

namespace neurona {

/// Whether a History value such as "val_accuracy", "acc", "loss" or "val_mae" is better when
/// higher (accuracies) or lower (losses and errors), as Keras's "auto" mode decides.
/// Throws std::invalid_argument for a name it cannot place.
bool higher_is_better(const std::string& monitor);

/// EarlyStopping's arguments, Keras's names, order and defaults.
struct EarlyStoppingOptions {
    /// The value watched, a key of History: "val_loss", "loss", "val_accuracy", ...
    std::string monitor = "val_loss";
    /// The smallest change that counts as an improvement (its sign is ignored).
    double min_delta = 0;
    /// Epochs without improvement after which training stops.
    std::size_t patience = 0;
    /// 1 prints "Epoch N: early stopping" and the restoring message.
    int verbose = 0;
    /// "min" (lower is better), "max" (higher is better) or "auto": max for accuracies,
    /// min for losses and errors (mae, mse, rmse).
    std::string mode = "auto";
    /// When training ends, put back the weights of the epoch with the best value.
    bool restore_best_weights = false;
};

/// Keras's EarlyStopping: stops training when the monitored value has not improved for
/// `patience` epochs. Each epoch: if the value beats the best so far by more than
/// min_delta (min mode: value + min_delta < best; max mode: value - min_delta > best) it
/// becomes the best and the wait restarts; otherwise the wait grows, and when it reaches
/// `patience` (never at the first epoch) fit stops. With restore_best_weights the model
/// ends with the weights it had at the end of the best epoch (Keras 3: also when training
/// ran all its epochs).
///
///     EarlyStopping early_stopping({.monitor = "val_loss", .patience = 5,
///                                   .restore_best_weights = true});
///     model.fit(X, y, {.epochs = 100, .validation_data = {{X_val, y_val}},
///                      .callbacks = {&early_stopping}});
class EarlyStopping : public Callback {
public:
    /// Throws std::invalid_argument for a mode other than auto/min/max, or with "auto" for
    /// a monitor whose direction is unknown.
    explicit EarlyStopping(EarlyStoppingOptions options = {});

    void on_train_begin(Sequential& model) override;
    /// Throws std::invalid_argument listing the logs' keys when the monitored value is not
    /// among them (e.g. "val_loss" without validation data): it would never stop.
    bool on_epoch_end(std::size_t epoch, const Logs& logs, Sequential& model) override;
    void on_train_end(Sequential& model) override;

    /// The epoch (0-based) at which training stopped, 0 when it did not stop early (as
    /// Keras; it never stops at epoch 0).
    std::size_t stopped_epoch() const { return stopped_epoch_; }
    /// The best monitored value and its epoch (0-based) in the last fit.
    ///@{
    double best() const { return best_; }
    std::size_t best_epoch() const { return best_epoch_; }
    ///@}
    /// The options as given, except min_delta made non-negative.
    const EarlyStoppingOptions& options() const { return options_; }

private:
    bool improves(double value, double reference) const;

    EarlyStoppingOptions options_;
    bool maximize_;
    std::size_t wait_ = 0, stopped_epoch_ = 0, best_epoch_ = 0;
    double best_ = 0;
    std::optional<std::vector<Matrix>> best_weights_;
};

/// Keras's TerminateOnNaN: when a batch's loss is NaN or infinite, prints
/// "Batch N: Invalid loss, terminating training" and stops training without an error
/// (fit without it throws std::runtime_error). The bad batch's step is not applied, so the
/// weights are those before it. With a label (the tuner gives "Trial 3 (units=50 ...)"), the
/// line starts with it: "Trial 3 (...): Batch N: Invalid loss, terminating training".
class TerminateOnNaN : public Callback {
public:
    bool on_batch_end(std::size_t batch, const Logs& logs) override;
    /// Names whose training the next message is about; empty (the default) prints Keras's line.
    void set_label(std::string label) { label_ = std::move(label); }
    /// Whether it stopped the last fit.
    bool terminated() const { return terminated_; }
    void on_train_begin(Sequential& model) override;

private:
    bool terminated_ = false;
    std::string label_;
};

}  // namespace neurona
