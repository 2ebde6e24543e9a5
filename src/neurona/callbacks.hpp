/// @file callbacks.hpp
/// What fit reports: History (Keras's History object) and the progress line; and the
/// callbacks fit calls (Keras's keras.callbacks): EarlyStopping and TerminateOnNaN.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "neurona/matrix.hpp"

namespace neurona {

class Sequential;

/// Keras's History: params, the epoch numbers, and one series per metric
/// ("loss", "accuracy", "val_loss", "val_accuracy", ...), one value per epoch.
struct History {
    /// Keras's history.params: {"verbose", "epochs", "steps"}.
    std::map<std::string, std::size_t> params;
    /// 0, 1, ..., epochs - 1, as Keras's history.epoch.
    std::vector<std::size_t> epoch;
    /// Keras's history.history.
    std::map<std::string, std::vector<double>> history;

    /// The series for `key`; throws std::out_of_range listing the keys when it is absent.
    const std::vector<double>& operator[](const std::string& key) const;
};

/// Keras's progress line: "160/160 [==============================] - 0s 1ms/step - loss: 0.6810
/// - accuracy: 0.6300". With verbose 1 the bar is redrawn in place while a terminal watches
/// (at most ten times a second) and always ends with the full line; with verbose 2 only
/// the end-of-epoch line is printed, in Keras's short form; verbose 0 prints nothing.
class ProgressBar {
public:
    /// `steps` batches per epoch, printed to `out`.
    ProgressBar(std::size_t steps, int verbose, std::ostream& out);
    /// After batch `step` (1-based) with the running values so far.
    void update(std::size_t step, const std::vector<std::pair<std::string, double>>& values);
    /// Ends the line with the final values (including val_* ones), every step done.
    void finish(const std::vector<std::pair<std::string, double>>& values);
    /// The same after only `step` of the steps (1-based), when a callback such as
    /// TerminateOnNaN stopped the epoch there: the line shows "3/8 [========...]".
    void finish(std::size_t step, const std::vector<std::pair<std::string, double>>& values);

private:
    std::string line(std::size_t step, const std::vector<std::pair<std::string, double>>& values,
                     bool done) const;
    std::size_t steps_;
    int verbose_;
    std::ostream& out_;
    bool live_;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

/// Keras's time per step: "2ms/step", "512us/step", "1s/step".
std::string format_time_per_step(double seconds);

/// The values fit reports by name, as Keras's logs dict: {"loss": 0.31, "accuracy": 0.9,
/// "val_loss": 0.35, ...}.
using Logs = std::map<std::string, double>;

/// Keras's Callback: hooks that fit calls while it trains. Pass callbacks in
/// FitOptions::callbacks as pointers; fit does not own them, so they outlive the call and
/// can be read afterwards (early_stopping.stopped_epoch()). A hook returns true to ask fit
/// to stop (Keras's model.stop_training = True): after a batch, fit ends the epoch there
/// (still validating it and recording it in History); after an epoch, fit runs no more.
class Callback {
public:
    virtual ~Callback() = default;
    /// Before the first epoch.
    virtual void on_train_begin(Sequential& /*model*/) {}
    /// After training batch `batch` (0-based within the epoch), with the epoch's running
    /// means so far ("loss" and each metric). The loss may be NaN or infinite here.
    virtual bool on_batch_end(std::size_t /*batch*/, const Logs& /*logs*/) { return false; }
    /// After epoch `epoch` (0-based), with its values as History records them (val_* too).
    virtual bool on_epoch_end(std::size_t /*epoch*/, const Logs& /*logs*/, Sequential& /*model*/) { return false; }
    /// After the last epoch run.
    virtual void on_train_end(Sequential& /*model*/) {}
};

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
