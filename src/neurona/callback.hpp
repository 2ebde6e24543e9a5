/// @file callback.hpp
/// The Callback interface (Keras's keras.callbacks.Callback): the hooks fit calls while it
/// trains. The model only needs this interface; the callbacks themselves (EarlyStopping,
/// TerminateOnNaN) are in callbacks.hpp, above the model.
#pragma once

#include <cstddef>
#include <map>
#include <string>

namespace neurona {

class Sequential;

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

}  // namespace neurona
